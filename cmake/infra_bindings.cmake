# Typed bindings generated at build time from a provider schema:
#
#   infra_add_bindings(TARGET infra_aws NAMESPACE infra::aws PROVIDER aws
#                      SCHEMA schemas/aws-5.100.0.json TYPES schemas/aws.types
#                      [OUT_DIR dir])
#
# The same function in this repository's build and, installed beside
# infraConfig.cmake, in a project's after find_package(infra): the schema
# is the output of `terraform providers schema -json` (or the SDK's own AWS
# schema, ${INFRA_AWS_SCHEMA}), the types file one type a line.
#
# runs infra-gen (tools/infra-gen) into OUT_DIR (${CMAKE_BINARY_DIR}/generated
# by default), with include/ and src/ below it, and
# makes a static library TARGET of the result, with the generated include
# folder on its interface. Generated code is never committed.
#
# The generator names each file after its type without "<PROVIDER>_"
# (aws_s3_bucket -> infra/aws/s3_bucket.hpp, data.aws_region ->
# infra/aws/data/region.hpp), so the outputs are known here from the type
# list; editing the list re-runs the configure step.
function(infra_add_bindings)
  cmake_parse_arguments(ARG "" "TARGET;NAMESPACE;PROVIDER;SCHEMA;TYPES;OUT_DIR" "" ${ARGN})
  foreach(required TARGET NAMESPACE PROVIDER SCHEMA TYPES)
    if(NOT ARG_${required})
      message(FATAL_ERROR "infra_add_bindings: ${required} is missing; usage: infra_add_bindings(TARGET name "
        "NAMESPACE ns::aws PROVIDER aws SCHEMA schema.json TYPES types.txt [OUT_DIR dir])")
    endif()
  endforeach()
  get_filename_component(ARG_SCHEMA "${ARG_SCHEMA}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  get_filename_component(ARG_TYPES "${ARG_TYPES}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  set(out ${CMAKE_BINARY_DIR}/generated)
  if(ARG_OUT_DIR)
    set(out ${ARG_OUT_DIR})
  endif()
  string(REPLACE "::" "/" folder "${ARG_NAMESPACE}")
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${ARG_TYPES})

  set(headers ${out}/include/${folder}/provider_schema.hpp)
  set(sources ${out}/src/${folder}/provider_schema.cpp)
  file(STRINGS ${ARG_TYPES} lines)
  foreach(line IN LISTS lines)
    string(REGEX REPLACE "#.*" "" line "${line}")
    string(STRIP "${line}" line)
    if(line STREQUAL "")
      continue()
    endif()
    set(sub "")
    if(line MATCHES "^data\\.(.*)$")
      set(sub "data/")
      set(line "${CMAKE_MATCH_1}")
    endif()
    string(REGEX REPLACE "^${ARG_PROVIDER}_" "" short "${line}")
    list(APPEND headers ${out}/include/${folder}/${sub}${short}.hpp)
    list(APPEND sources ${out}/src/${folder}/${sub}${short}.cpp)
  endforeach()

  add_custom_command(
    OUTPUT ${headers} ${sources}
    COMMAND infra::infra-gen generate --schema ${ARG_SCHEMA} --types ${ARG_TYPES} --out ${out} --namespace ${ARG_NAMESPACE}
    DEPENDS infra::infra-gen ${ARG_SCHEMA} ${ARG_TYPES}
    COMMENT "Generating ${ARG_NAMESPACE} bindings from ${ARG_SCHEMA}"
    VERBATIM)
  add_library(${ARG_TARGET} STATIC ${sources} ${headers})
  # Every generated source parses the same SDK headers, which costs more
  # than its own code; batching them into unity files pays that once per
  # batch. The generated sources are written to be combined (no two define
  # the same name).
  set_target_properties(${ARG_TARGET} PROPERTIES UNITY_BUILD ON UNITY_BUILD_BATCH_SIZE 8)
  target_include_directories(${ARG_TARGET} PUBLIC
    $<BUILD_INTERFACE:${out}/include>
    $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  target_link_libraries(${ARG_TARGET} PUBLIC infra::infra)
  target_compile_options(${ARG_TARGET} PRIVATE ${INFRA_WARNINGS})
endfunction()
