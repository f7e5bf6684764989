// Every bad input a user can give the command line, in one table: the
// arguments, settings, config file or environment of a run; its exit code; a
// piece of its message; and what must hold of every row: the output is one
// line starting with "error: ", and the working folder, which a previous good
// synth filled, is exactly as it was (every file and folder, their bytes,
// permissions and modification times). Terraform is a fake (it records its
// calls), and must not be called unless the row is about terraform.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "run_infra.hpp"

using infra_test::read_file;
using infra_test::TempDir;
using infra_test::write_file;
namespace fs = std::filesystem;

namespace {

enum class Program {
    infra,        // the shipped stacks: bootstrap, dev, prod
    test_stacks,  // test_stacks_cli.cpp: stacks broken on purpose
};

// What a failed run may do to the working folder.
enum class Disk {
    // Nothing at all: the failure came before anything was written.
    unchanged,
    // `plan` synthesizes before terraform runs: the output is written again
    // (same bytes, new times) and terraform adds its own files. Every file
    // that was there must hold the same bytes.
    same_bytes,
};

struct Row {
    std::string what{};  // the bad input, for the report
    Program program{Program::infra};
    std::string args{};
    // Written into the working folder before the run (a path ending in '/'
    // makes a folder).
    std::vector<std::pair<std::string, std::string>> files{};
    // Environment assignments, after those pointing at the fake terraform
    // (so a row can take them back).
    std::string env{};
    int exit_code{2};
    std::string message{};  // a piece of the one line
    bool calls_terraform{false};
    Disk disk{Disk::unchanged};
};

// 101 zone names of us-east-1: more than the network's subnet layout holds.
std::string many_zones() {
    // Appended piece by piece: GCC 12 warns (-Wrestrict) on "literal" + std::string.
    std::string out;
    for (int i = 0; i <= 100; ++i) {
        if (i > 0) out += ',';
        out += "us-east-1-zone";
        out += std::to_string(i);
    }
    return out;
}

// 20 nested folder names of 250 characters: 5,019 characters in all.
std::string deep_folder() {
    std::string out;
    for (int i = 0; i < 20; ++i) {
        if (i > 0) out += '/';
        out += std::string(250, 'd');
    }
    return out;
}

// A project name that makes "<project>-dev-github-actions" 65 characters: one
// more than IAM allows for a role name.
const std::string kLongProject(46, 'p');

std::vector<Row> rows() {
    return {
        // Stacks and environments (a stack is an environment here: dev, prod).
        {.what = "unknown stack", .args = "synth staging",
         .message = "unknown stack \"staging\" (known stacks: bootstrap, dev, prod)"},
        {.what = "unknown stack, a typo", .args = "synth prd", .message = "unknown stack \"prd\"; did you mean \"prod\"?"},
        {.what = "unknown environment to deploy, before terraform is looked for", .args = "deploy qa --auto-approve",
         .message = "unknown stack \"qa\""},
        {.what = "unknown environment to read outputs of", .args = "output qa", .message = "unknown stack \"qa\""},
        {.what = "unknown environment to diff", .args = "diff qa", .message = "unknown stack \"qa\""},
        {.what = "unknown environment to draw", .args = "graph qa", .message = "unknown stack \"qa\""},
        {.what = "outputs of an environment never synthesized", .args = "output prod",
         .message = "stack prod has not been synthesized into infra.out"},

        // The command line itself.
        {.what = "unknown command", .args = "synt dev", .message = "unknown command \"synt\"; did you mean \"synth\"?"},
        {.what = "unknown option", .args = "synth dev --no-such-flag",
         .message = "The following argument was not expected: --no-such-flag"},
        {.what = "a value outside an option's choices", .args = "graph dev --format png",
         .message = "--format: png not in {dot,mermaid,svg}"},
        {.what = "empty output folder name", .args = "synth dev --out ''", .message = "--out: must not be empty"},
        {.what = "an output folder name longer than a file name may be", .args = "synth dev --out " + std::string(300, 'e'),
         .message = "(300 characters): too long for a file system"},
        {.what = "an output folder path of 5,000 characters, none created", .args = "synth dev --out " + deep_folder(),
         .message = "(5019 characters): too long for a file system"},
        {.what = "unknown rule pack", .args = "synth dev --rules bogus", .message = "unknown rule pack \"bogus\""},
        {.what = "deploy without a terminal to ask", .args = "deploy dev < /dev/null", .message = "--auto-approve"},
        {.what = "diff against nothing", .args = "diff dev --against nowhere",
         .message = "--against nowhere: not a folder, and `git show"},
        {.what = "get with a missing schema", .args = "get --schema missing.json", .message = "missing.json: cannot be read"},

        // The config file.
        {.what = "config file missing", .args = "synth dev --config missing.json",
         .message = "missing.json: cannot read the config file"},
        {.what = "config file malformed", .args = "synth dev --config bad.json",
         .files = {{"bad.json", "{\"region\": \"eu-west-1\",\n \"vpc_cidr\": }"}},
         .message = "bad.json: malformed JSON: parse error at line 2, column 14"},
        {.what = "config file empty", .args = "synth dev --config empty.json", .files = {{"empty.json", ""}},
         .message = "empty.json: malformed JSON: parse error at line 1, column 1"},
        {.what = "config file a JSON array", .args = "synth dev --config list.json", .files = {{"list.json", "[\"dev\"]"}},
         .message = "list.json: settings must be a JSON object of key/value pairs, got a list"},
        {.what = "config file a folder", .args = "synth dev --config settings.d", .files = {{"settings.d/", ""}},
         .message = "settings.d: is a folder; give --config a JSON file of settings"},
        {.what = "config file with a number no double holds", .args = "synth dev --config huge.json",
         .files = {{"huge.json", "{\"db_max_capacity\": 1e400}"}},
         .message = "huge.json: unreadable JSON: number overflow parsing '1e400'"},

        // Settings that would make two stacks one: every setting applies to
        // every stack, and the environment names the state key.
        {.what = "an environment name every stack would share", .args = "synth dev --set environment=staging",
         .message = "setting \"environment\": \"staging\" would give stacks dev and prod the same names and state key"},
        {.what = "an environment name every stack would share, listed", .args = "list --set environment=staging",
         .message = "setting \"environment\": \"staging\" would give stacks dev and prod the same names and state key"},

        // Values that would reach names, policies or templates as syntax, and
        // numbers no service takes.
        {.what = "an API rate limit far above any quota", .args = "synth dev --set api_throttling_rate_limit=2e6",
         .message = "setting \"api_throttling_rate_limit\": 2000000 must be above 0 and at most 1000000"},
        {.what = "an API rate limit of 1.7e308", .args = "synth dev --config rate.json",
         .files = {{"rate.json", "{\"api_throttling_rate_limit\": 1.7e308}"}},
         .message = "must be above 0 and at most 1000000"},
        {.what = "a repository name longer than GitHub allows", .args = "synth dev --set github_repository=o/" + std::string(200, 'r'),
         .message = "repository \"o/" + std::string(62, 'r') + "…\" (202 characters) is not \"owner/name\""},
        {.what = "a NUL in a value, shown escaped", .args = "synth dev --config nul.json",
         .files = {{"nul.json", "{\"project\": \"a\\u0000b\"}"}},
         .message = "setting \"project\": \"a\\u0000b\" must start with a lowercase letter"},
        {.what = "an instance type holding a template", .args = "synth dev --set 'bastion_instance_type=${x}'",
         .message = "instance_type \"${x}\" is not an EC2 instance type"},
        {.what = "an AMI id holding a template", .args = "synth dev --set 'bastion_ami=ami-${x}'",
         .message = "ami \"ami-${x}\" is neither an AMI id"},
        {.what = "an AMI parameter holding a newline", .args = "synth dev --config ami.json",
         .files = {{"ami.json", "{\"bastion_ami\": \"resolve:ssm:/a\\nb\"}"}},
         .message = "ami \"resolve:ssm:/a\\nb\" names an SSM parameter AWS would not accept"},

        // Setting names and types.
        {.what = "unknown setting in the config file", .args = "synth dev --config typo.json",
         .files = {{"typo.json", "{\"vpc_cdir\": \"10.1.0.0/16\"}"}},
         .message = "typo.json: unknown setting \"vpc_cdir\"; did you mean \"vpc_cidr\"?"},
        {.what = "unknown setting with --set", .args = "synth dev --set regoin=eu-west-1",
         .message = "--set regoin: unknown setting \"regoin\"; did you mean \"region\"?"},
        {.what = "a string for a number", .args = "synth dev --config typed.json",
         .files = {{"typed.json", "{\"db_min_capacity\": \"1\"}"}},
         .message = "typed.json: setting \"db_min_capacity\" must be a number, got a string"},
        {.what = "a word for an integer", .args = "synth dev --set db_instance_count=two",
         .message = "setting \"db_instance_count\" must be an integer, got \"two\""},
        {.what = "a string for a list", .args = "synth dev --config zones.json",
         .files = {{"zones.json", "{\"availability_zones\": \"us-east-1a\"}"}},
         .message = "setting \"availability_zones\" must be a list of strings, got a string"},
        {.what = "a word for a boolean", .args = "synth dev --set flow_logs=yes",
         .message = "setting \"flow_logs\" must be true or false, got \"yes\""},
        {.what = "--set without a value", .args = "synth dev --set region", .message = "--set region: expected key=value"},
        // Once ignored: list printed the stacks and exited 0.
        {.what = "unknown setting given to list", .args = "list --set nope=1",
         .message = "--set nope: unknown setting \"nope\""},
        {.what = "a choice that is not one", .args = "synth dev --set backend=gcs",
         .message = "setting \"backend\": \"gcs\" is not one of s3, local"},

        // The network.
        {.what = "invalid CIDR", .args = "synth dev --set vpc_cidr=10.0.0.300/16",
         .message = "setting \"vpc_cidr\": \"10.0.0.300/16\" is not an IPv4 CIDR with a prefix between /16 and /20"},
        {.what = "VPC too large for the subnet layout", .args = "synth dev --set vpc_cidr=10.0.0.0/8",
         .message = "setting \"vpc_cidr\": \"10.0.0.0/8\" is not an IPv4 CIDR with a prefix between /16 and /20"},
        {.what = "CIDR with host bits", .args = "synth dev --set vpc_cidr=10.0.0.1/16",
         .message = "setting \"vpc_cidr\": \"10.0.0.1/16\" is not an IPv4 CIDR with a prefix between /16 and /20 "
                    "and the host bits zero, such as \"10.0.0.0/16\""},
        {.what = "no zone", .args = "synth dev --set availability_zones=",
         .message = "setting \"availability_zones\": 0 zones given; the database needs at least two"},
        {.what = "one zone: too few for the database", .args = "synth dev --set availability_zones=us-east-1a",
         .message = "setting \"availability_zones\": 1 zone given; the database needs at least two"},
        {.what = "more zones than the subnets can hold", .args = "synth dev --set availability_zones=" + many_zones(),
         .message = "dev/network: availability_zones has 101 zones; at most 100"},
        {.what = "a zone named twice", .args = "synth dev --set availability_zones=us-east-1a,us-east-1a",
         .message = "dev/network: availability_zones names \"us-east-1a\" twice"},
        {.what = "zones of another region", .args = "synth dev --set availability_zones=eu-west-1a,eu-west-1b",
         .message = "setting \"availability_zones\": \"eu-west-1a\" is not a zone of region \"us-east-1\""},
        {.what = "not a region", .args = "synth dev --set region=Mars",
         .message = "setting \"region\": \"Mars\" is not an AWS region name"},

        // The database.
        {.what = "Aurora minimum capacity above the maximum", .args = "synth dev --set db_min_capacity=4",
         .message = "setting \"db_min_capacity\": 4 is above db_max_capacity 2"},
        {.what = "Aurora capacity above 256", .args = "synth dev --set db_max_capacity=512",
         .message = "setting \"db_max_capacity\": 512 is not an Aurora Serverless v2 capacity (0.5 to 256"},
        {.what = "Aurora capacity below 0", .args = "synth dev --set db_min_capacity=-1",
         .message = "setting \"db_min_capacity\": -1 is not an Aurora Serverless v2 capacity"},
        {.what = "Aurora capacity off the half steps", .args = "synth dev --set db_max_capacity=2.7",
         .message = "setting \"db_max_capacity\": 2.7 is not an Aurora Serverless v2 capacity"},
        {.what = "more Aurora instances than a cluster holds", .args = "synth dev --set db_instance_count=17",
         .message = "setting \"db_instance_count\": 17 must be 1 to 16"},
        // Once silently taken as 1: the modules take an int.
        {.what = "an instance count that would wrap around an int", .args = "synth dev --set db_instance_count=4294967297",
         .message = "setting \"db_instance_count\": 4294967297 must be 1 to 16"},
        {.what = "backups kept longer than RDS allows", .args = "synth dev --set db_backup_retention_days=36",
         .message = "setting \"db_backup_retention_days\": 36 is above the 35 days RDS allows"},

        // Logs and the API.
        {.what = "log retention CloudWatch does not accept", .args = "synth dev --set log_retention_days=15",
         .message = "setting \"log_retention_days\": 15 is not one CloudWatch Logs accepts (1, 3, 5, 7, 14,"},
        // Once silently taken as 14.
        {.what = "log retention that would wrap around an int", .args = "synth dev --set log_retention_days=4294967310",
         .message = "setting \"log_retention_days\": 4294967310 is not one CloudWatch Logs accepts"},
        {.what = "API burst that would wrap around an int", .args = "synth dev --set api_throttling_burst_limit=4294967297",
         .message = "setting \"api_throttling_burst_limit\": 4294967297 must be 1 to 1000000"},
        {.what = "API rate of zero", .args = "synth dev --set api_throttling_rate_limit=0",
         .message = "setting \"api_throttling_rate_limit\": 0 must be above 0"},

        // Names AWS refuses. Lambda function names cannot be reached from the
        // settings (the GitHub role name, as long, fails first): see
        // tests/modules/props_location_test.cpp.
        {.what = "project name S3 and RDS refuse", .args = "synth dev --set project=My_App",
         .message = "setting \"project\": \"My_App\" must start with a lowercase letter"},
        {.what = "empty environment name", .args = "synth dev --set environment=",
         .message = "setting \"environment\": \"\" must start with a lowercase letter"},
        {.what = "IAM role name too long", .args = "synth dev --set project=" + kLongProject,
         .message = "bootstrap/github: the role name \"" + kLongProject +
                    "-dev-github-actions\" exceeds 64 characters; shorten the project or environment name (at "
                    "stacks/bootstrap_stack.cpp:"},
        {.what = "S3 bucket name with capitals", .args = "synth dev --set state_bucket=My_Bucket",
         .message = "bootstrap/state: bucket_name \"My_Bucket\" may hold only lowercase letters, digits, '-' and '.'"},
        {.what = "S3 bucket name that is an IP address", .args = "synth dev --set state_bucket=192.168.1.1",
         .message = "bootstrap/state: bucket_name \"192.168.1.1\" is formatted as an IP address"},
        {.what = "GitHub repository that is not owner/name", .args = "synth dev --set github_repository=nope",
         .message = "bootstrap/github: repository \"nope\" is not \"owner/name\""},
        {.what = "a ci-tester trust open to anyone", .args = "synth dev --set 'ci_tester_principals=*'",
         .message = "bootstrap/ci_tester: principals holds \"*\"; a wildcard would let anyone assume the role"},
        {.what = "Lambda dependencies from nowhere", .args = "synth dev --set lambda_dependencies=/nonexistent",
         .message = "setting \"lambda_dependencies\": \"/nonexistent\" is not \"pip\" or an existing folder"},

        // The construct tree (test stacks broken on purpose): exit 1, and
        // construction errors name the line of test_stacks_cli.cpp.
        {.what = "duplicate construct id", .program = Program::test_stacks, .args = "synth duplicate", .exit_code = 1,
         .message = "duplicate construct id \"vpc\": duplicate/vpc already exists; give one of them another id (at "
                    "tests/cli/test_stacks_cli.cpp:"},
        {.what = "construct id with a '/'", .program = Program::test_stacks, .args = "synth bad_id", .exit_code = 1,
         .message = "bad_id: construct id \"network/vpc\" must not contain '/'"},
        {.what = "stack name Terraform would not take", .program = Program::test_stacks, .args = "synth bad_stack_name",
         .exit_code = 1, .message = "stack name \"9 lives\" must start with a letter"},
        {.what = "reference cycle", .program = Program::test_stacks, .args = "synth cycle", .exit_code = 1,
         .message = "reference cycle: aws_security_group.a (cycle/a) -> aws_security_group.b (cycle/b) -> "
                    "aws_security_group.a (cycle/a)"},
        {.what = "two stacks reading each other", .program = Program::test_stacks, .args = "synth mutual",
         .exit_code = 1,
         .message = "mutual/a: referenced from stack mutual_peer, but stack mutual already reads stack mutual_peer; "
                    "two stacks cannot read each other's outputs"},
        {.what = "three stacks reading each other in a ring", .program = Program::test_stacks, .args = "synth ring",
         .exit_code = 1, .message = "stack dependency cycle: ring -> ring_b -> ring_c -> ring"},
        {.what = "logical ID collision", .program = Program::test_stacks, .args = "synth collision", .exit_code = 1,
         .message = "collision/a/b_c and collision/a_b/c both map to the logical ID \"a_b_c\""},
        {.what = "error annotation", .program = Program::test_stacks, .args = "synth annotated", .exit_code = 1,
         .message = "annotated/bucket: bucket has no encryption"},

        // The output folder. Tests run as root, whom permission bits do not
        // stop: "not writable" is /proc/self, which nobody may create files in.
        {.what = "output folder that is a file", .args = "synth dev --out afile", .files = {{"afile", "x"}},
         .message = "afile: output path exists and is not a directory"},
        {.what = "output folder under a file", .args = "synth dev --out afile/infra.out", .files = {{"afile", "x"}},
         .message = "afile/infra.out: cannot create output folder: Not a directory"},
        {.what = "output folder not writable", .args = "synth dev --out /proc/self",
         .message = "/proc/self: output folder is not writable"},

        // Terraform.
        {.what = "terraform missing", .args = "plan dev", .env = "INFRA_TERRAFORM= PATH=/nonexistent-infra-test-path",
         .message = "terraform not found: install terraform >= 1.6"},
        {.what = "terraform named but not there", .args = "plan dev --terraform /nonexistent/terraform",
         .message = "/nonexistent/terraform does not answer `version -json` (cannot run /nonexistent/terraform"},
        {.what = "terraform too old", .args = "plan dev", .env = "FAKE_TF_VERSION=1.5.7",
         .message = "is version 1.5.7; infra needs terraform >= 1.6", .calls_terraform = true},
        {.what = "terraform with an unreadable version", .args = "plan dev", .env = "FAKE_TF_VERSION=banana",
         .message = "cannot read its version from `version -json`", .calls_terraform = true},
        {.what = "terraform crashing on version", .args = "plan dev", .env = "FAKE_TF_CRASH_ON=version",
         .message = "was killed by signal 11 (Segmentation fault)); is it terraform >= 1.6?", .calls_terraform = true},
        {.what = "plan of a function zip without its driver", .args = "plan dev --set lambda_dependencies=",
         .message = "cannot import pg8000: set lambda_dependencies=pip", .calls_terraform = true},
        {.what = "deploy with a driver folder that lacks the driver", .args = "deploy --auto-approve --set lambda_dependencies=.",
         .message = "lambda_dependencies folder \".\" does not hold pg8000", .calls_terraform = true},
        {.what = "terraform crashing during plan", .args = "-q plan dev --set lambda_dependencies=deps",
         .env = "FAKE_TF_CRASH_ON=plan",
         .exit_code = 139,
         .message = "terraform plan of stack dev was killed by signal 11 (Segmentation fault); its exit code 139 is "
                    "passed on",
         .calls_terraform = true, .disk = Disk::same_bytes},
    };
}

// A folder holding a good synth of `program`, made once and copied for each row.
const fs::path& synthesized_folder(Program program) {
    static TempDir infra_dir, test_stacks_dir;
    static bool infra_done = false, test_stacks_done = false;
    if (program == Program::infra) {
        // With the functions' driver (a stand-in): plan refuses a zip without it.
        if (!infra_done) {
            write_file(infra_dir.path() / "deps/pg8000/__init__.py", "# stand-in\n");
            REQUIRE(infra_test::run_infra("-q synth dev --set lambda_dependencies=deps", infra_dir.path()).exit_code == 0);
        }
        infra_done = true;
        return infra_dir.path();
    }
    if (!test_stacks_done) REQUIRE(infra_test::run_test_stacks_cli("-q synth good", test_stacks_dir.path()).exit_code == 0);
    test_stacks_done = true;
    return test_stacks_dir.path();
}

struct Entry {
    bool folder = false;
    std::string bytes;  // files only
    fs::perms perms = fs::perms::none;
    fs::file_time_type mtime{};
    bool operator==(const Entry&) const = default;
};

// Everything under `root`, by relative path.
std::map<std::string, Entry> snapshot(const fs::path& root) {
    std::map<std::string, Entry> out;
    for (const auto& e : fs::recursive_directory_iterator(root)) {
        Entry entry;
        entry.folder = e.is_directory();
        if (!entry.folder) entry.bytes = read_file(e.path());
        entry.perms = e.status().permissions();
        entry.mtime = fs::last_write_time(e.path());
        out.emplace(fs::relative(e.path(), root).generic_string(), std::move(entry));
    }
    return out;
}

std::size_t line_count(const std::string& s) { return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n')); }

}  // namespace

TEST_CASE("every bad input exits with its code and one line and leaves the output folder as it was") {
    for (const Row& row : rows()) {
        DYNAMIC_SECTION(row.what) {
            TempDir work, fake_terraform;
            fs::copy(synthesized_folder(row.program), work.path(), fs::copy_options::recursive);
            for (const auto& [path, content] : row.files) {
                if (path.back() == '/') fs::create_directories(work.path() / path);
                else write_file(work.path() / path, content);
            }
            // Times well in the past: a rewrite shows even where the file
            // system keeps only seconds.
            const auto long_ago = fs::last_write_time(work.path()) - std::chrono::hours(24 * 365);
            for (const auto& e : fs::recursive_directory_iterator(work.path())) fs::last_write_time(e.path(), long_ago);
            const auto before = snapshot(work.path());

            const fs::path log = fake_terraform.path() / "calls.log";
            const std::string env =
                "FAKE_TF_LOG='" + log.string() + "' INFRA_TERRAFORM='" FAKE_TERRAFORM "' " + row.env + " ";
            const auto result = row.program == Program::infra
                                    ? infra_test::run_infra_with_env(env, row.args, work.path())
                                    : infra_test::run_test_stacks_cli_with_env(env, row.args, work.path());

            INFO("infra " << row.args << "\n" << result.output);
            CHECK(result.exit_code == row.exit_code);
            CHECK(result.output.find(row.message) != std::string::npos);
            CHECK(result.output.rfind("error: ", 0) == 0);
            CHECK(line_count(result.output) == 1);
            if (!row.calls_terraform) CHECK_FALSE(fs::exists(log));

            const auto after = snapshot(work.path());
            if (row.disk == Disk::unchanged) {
                CHECK(after == before);
            } else {
                for (const auto& [path, entry] : before) {
                    if (entry.folder) continue;
                    INFO(path);
                    REQUIRE(after.count(path) == 1);
                    CHECK(after.at(path).bytes == entry.bytes);
                }
            }
        }
    }
}
