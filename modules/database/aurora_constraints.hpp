// What Aurora PostgreSQL accepts for the values a user chooses: database and
// role names, the engine version of a Serverless v2 cluster, the instance
// class. Each check returns the problem in words (empty: fine), so the
// Database module and the app's settings give the same reason, each naming
// its own key.
#pragma once

#include <string>

namespace crud_api::modules {

// 1 to 63 letters, digits or '_', starting with a letter: a database name
// RDS accepts and a PostgreSQL identifier that needs no quoting.
bool is_pg_identifier(const std::string& name);
std::string database_name_problem(const std::string& name);

// A role name: a PostgreSQL identifier that is not reserved by RDS
// (rdsadmin, rds_superuser, rds_iam, ...) or PostgreSQL (pg_*).
std::string role_name_problem(const std::string& name);

// "MAJOR.MINOR" that Aurora Serverless v2 runs: 14.3+, 15.2+, 16.1+, 17.4+
// (later majors are taken as they come).
std::string engine_version_problem(const std::string& version);

// "db.serverless" or a provisioned class such as "db.r6g.large".
std::string instance_class_problem(const std::string& instance_class);

}  // namespace crud_api::modules
