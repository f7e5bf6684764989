# INFRA_STATIC_EXECUTABLES: the programs this project ships (the generic
# `infra`, the seed app crud_api, the benchmark's infra_scale) linked fully
# static, glibc, libstdc++, libgcc, nettle and zlib included (fmt and spdlog
# are compiled in anyway: third_party/). Every command is a fresh process that
# often runs for a few milliseconds: linked to eight shared libraries,
# `crud_api version` took 2.2 to 3 ms, most of it the dynamic loader mapping
# and relocating them, against 0.55 to 0.75 ms for /bin/true; static, about
# 1.2x /bin/true.
#
# Sanitizer builds (the asan preset) cannot link statically, ASan's runtime
# being a shared library, and the libFuzzer instrumentation wants the same
# runtime: there the option is ignored and everything links dynamically.
option(INFRA_STATIC_EXECUTABLES "Link the shipped programs (infra, crud_api, infra_scale) statically" ON)

string(TOUPPER "${CMAKE_BUILD_TYPE}" infra_build_type)
set(infra_flags "${CMAKE_CXX_FLAGS} ${CMAKE_CXX_FLAGS_${infra_build_type}} ${CMAKE_EXE_LINKER_FLAGS}")
set(INFRA_LINK_STATIC ${INFRA_STATIC_EXECUTABLES})
if(INFRA_LINK_STATIC AND (infra_flags MATCHES "-fsanitize" OR INFRA_FUZZ))
  message(STATUS "INFRA_STATIC_EXECUTABLES is ignored: sanitizers and libFuzzer need a dynamic link")
  set(INFRA_LINK_STATIC OFF)
endif()

# The libraries the SDK links beside the C++ runtime, for
# target_link_libraries(infra PRIVATE ...): for a static link their archives
# (libnettle.a from nettle-dev, libz.a from zlib1g-dev), and then for every
# program that links the SDK, the tests and a project built against the
# installed SDK too, so that one build of the SDK serves all; otherwise the
# shared libraries that pkg-config and CMake's FindZLIB find.
if(INFRA_LINK_STATIC)
  find_library(INFRA_NETTLE_ARCHIVE libnettle.a HINTS ${NETTLE_STATIC_LIBRARY_DIRS} ${NETTLE_LIBRARY_DIRS}
    DOC "Nettle's static library, for INFRA_STATIC_EXECUTABLES")
  find_library(INFRA_ZLIB_ARCHIVE libz.a DOC "zlib's static library, for INFRA_STATIC_EXECUTABLES")
  if(NOT INFRA_NETTLE_ARCHIVE OR NOT INFRA_ZLIB_ARCHIVE)
    message(FATAL_ERROR "INFRA_STATIC_EXECUTABLES needs libnettle.a and libz.a (nettle-dev, zlib1g-dev): "
      "found '${INFRA_NETTLE_ARCHIVE}' and '${INFRA_ZLIB_ARCHIVE}'. Install them, or configure with "
      "-DINFRA_STATIC_EXECUTABLES=OFF")
  endif()
  set(INFRA_NETTLE_ZLIB_LIBRARIES ${INFRA_NETTLE_ARCHIVE} ${INFRA_ZLIB_ARCHIVE})
  set(INFRA_NETTLE_ZLIB_INCLUDE_DIRS ${NETTLE_INCLUDE_DIRS} ${ZLIB_INCLUDE_DIRS})
else()
  set(INFRA_NETTLE_ZLIB_LIBRARIES PkgConfig::NETTLE ZLIB::ZLIB)
  set(INFRA_NETTLE_ZLIB_INCLUDE_DIRS)
endif()

# A shipped program: linked statically when INFRA_LINK_STATIC is on. -static
# takes libstdc++, libgcc and glibc from their archives too.
function(infra_static_executable target)
  if(INFRA_LINK_STATIC)
    target_link_options(${target} PRIVATE -static)
  endif()
endfunction()
