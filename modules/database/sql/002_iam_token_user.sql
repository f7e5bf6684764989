-- The role the Lambda handlers log in as through RDS Proxy with an IAM token.
-- It gets exactly what the API needs: read, create and delete animals. Its
-- password is not set here: the migration function generates it and stores
-- it in the secret the proxy reads (IAM_USER_SECRET_ARN).

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'iam_token_user') THEN
        CREATE ROLE iam_token_user WITH LOGIN;
    END IF;
END
$$;

-- No rds_iam here, on purpose. The API handlers authenticate to RDS Proxy
-- with IAM tokens, but the proxy authenticates to the database as this role
-- with the password kept in its Secrets Manager secret (set by the migration
-- function). On RDS/Aurora a member of rds_iam may only log in with an IAM
-- token, so membership would make the database refuse the proxy's password
-- login. Remove a membership granted earlier or by hand; plain PostgreSQL
-- (local runs, tests) has no rds_iam role.
DO $$
BEGIN
    IF EXISTS (
        SELECT 1
        FROM pg_auth_members m
        JOIN pg_roles g ON g.oid = m.roleid
        JOIN pg_roles u ON u.oid = m.member
        WHERE g.rolname = 'rds_iam' AND u.rolname = 'iam_token_user'
    ) THEN
        REVOKE rds_iam FROM iam_token_user;
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
