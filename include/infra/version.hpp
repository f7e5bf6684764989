#pragma once

namespace infra {

// The tool's version, e.g. "0.1.0".
const char* version();

}  // namespace infra
