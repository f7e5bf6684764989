#include "iam/xray_write_traces.hpp"

namespace infra::modules {

aws::data::IamPolicyDocumentArgs::Statement write_xray_traces() {
    return {
        .actions = List<Str>{"xray:PutTelemetryRecords", "xray:PutTraceSegments"},
        .effect = "Allow",
        .resources = List<Str>{"*"},
        .sid = "WriteTraces",
    };
}

}  // namespace infra::modules
