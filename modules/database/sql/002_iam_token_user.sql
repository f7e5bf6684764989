-- The role the Lambda handlers log in as through RDS Proxy with an IAM token.
-- It gets exactly what the API needs: read, create and delete animals.

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'iam_token_user') THEN
        CREATE ROLE iam_token_user WITH LOGIN;
    END IF;
END
$$;

-- rds_iam exists only on RDS/Aurora; membership makes the server accept IAM
-- tokens instead of a password. Plain PostgreSQL (local runs, tests) lacks it.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'rds_iam') THEN
        GRANT rds_iam TO iam_token_user;
    END IF;
END
$$;

-- The database name differs per environment, and GRANT needs it literally.
DO $$
BEGIN
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO iam_token_user', current_database());
END
$$;

-- PostgreSQL 15 stopped granting CREATE on public to everyone; older engine
-- versions still do, which would let the API role create tables.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;

GRANT USAGE ON SCHEMA public TO iam_token_user;
GRANT SELECT, INSERT, DELETE ON TABLE animals TO iam_token_user;
