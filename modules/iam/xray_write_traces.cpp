#include "iam/xray_write_traces.hpp"

namespace crud_api::modules {
using namespace infra;

aws::data::IamPolicyDocumentArgs::Statement write_xray_traces() {
    return {
        .actions = List<Str>{"xray:PutTelemetryRecords", "xray:PutTraceSegments"},
        .effect = "Allow",
        .resources = List<Str>{"*"},
        .sid = "WriteTraces",
    };
}

}  // namespace crud_api::modules
