// A file asset: a directory (plus optional extra directories, e.g. vendored
// dependencies) packaged as a reproducible zip that synthesis writes to
// `stacks/<stack>/assets/<name>-<hash>.zip`. A Lambda function takes its
// `filename` and `source_code_hash` from it:
//
//   auto& code = stack.add<infra::Asset>("get_code", infra::AssetConfig{.source = "modules/lambda/src"});
//   fn.set("filename", code.filename());
//   fn.set("source_code_hash", code.base64_sha256());
//
// The zip is built when the construct is created, so a missing folder is an
// error at that line, naming the construct and the folder.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "infra/construct.hpp"
#include "infra/typed_values.hpp"

namespace infra {

// Lambda's quota for a function's code, unzipped (250 MB): a larger asset
// would fail at deploy, so it fails at synth, before anything is read whole.
inline constexpr std::uint64_t kLambdaUnzippedCodeLimit = 262'144'000;

struct AssetConfig {
    std::filesystem::path source{};                   // a directory, or a single file
    std::vector<std::filesystem::path> extra_dirs{};  // merged at the root of the zip
    std::vector<std::string> exclude{};               // file or folder names to leave out, e.g. "__pycache__"
    // The most bytes the asset's files may hold together, unzipped.
    std::uint64_t max_unzipped_bytes = kLambdaUnzippedCodeLimit;
};

class Asset : public Construct {
public:
    Asset(Scope scope, AssetConfig config);

    // The zip's path relative to the stack folder: "assets/<name>-<hash>.zip".
    const std::string& path_in_stack() const { return file_name_; }
    Str filename() const { return Str(file_name_); }
    // base64(SHA-256(zip)), what aws_lambda_function.source_code_hash expects.
    Str base64_sha256() const { return Str(base64_sha256_); }
    const std::string& hex_sha256() const { return hex_sha256_; }
    const std::string& zip_bytes() const { return *zip_; }

private:
    const std::string* zip_ = nullptr;  // packed once per content, kept for the life of the process
    std::string hex_sha256_;
    std::string base64_sha256_;
    std::string file_name_;
};

}  // namespace infra
