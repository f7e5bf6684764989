// The compiled part of spdlog: its out-of-line functions, defined once for
// the whole program.
//
// Why here and not libspdlog.so: as for fmt (fmt_library.cpp), the programs
// link statically, and Debian ships spdlog's implementation as headers (the
// *-inl.h files) but no static archive or sources. Every file that includes
// spdlog is compiled with SPDLOG_COMPILED_LIB and SPDLOG_FMT_EXTERNAL
// (third_party/CMakeLists.txt), as against Debian's libspdlog, so the spdlog
// headers only declare these functions; this file, including the -inl.h
// headers, defines them.
#include <spdlog/common-inl.h>
#include <spdlog/details/backtracer-inl.h>
#include <spdlog/details/log_msg-inl.h>
#include <spdlog/details/log_msg_buffer-inl.h>
#include <spdlog/details/os-inl.h>
#include <spdlog/details/periodic_worker-inl.h>
#include <spdlog/details/registry-inl.h>
#include <spdlog/logger-inl.h>
#include <spdlog/pattern_formatter-inl.h>
#include <spdlog/sinks/ansicolor_sink-inl.h>
#include <spdlog/sinks/sink-inl.h>
#include <spdlog/spdlog-inl.h>

// The sinks are class templates whose members are defined only in the -inl.h
// headers: the ones the program constructs are instantiated here. The
// registry's default logger writes to stdout; the command line's logger
// (src/cli/run_cli.cpp) to stderr.
template class spdlog::sinks::ansicolor_sink<spdlog::details::console_mutex>;
template class spdlog::sinks::ansicolor_stdout_sink<spdlog::details::console_mutex>;
template class spdlog::sinks::ansicolor_stderr_sink<spdlog::details::console_mutex>;
