# citsim_module(): one stage folder as a declaration.
#
#   citsim_module(NAME device
#     SOURCES channel.cpp roller.cpp
#     TESTS   channel.test.cpp
#     DEPS    citsim_core citsim_skin)
#
# Builds the static library citsim_<NAME> from SOURCES, and, when tests are on,
# one GoogleTest executable citsim_<NAME>_tests from TESTS, registered with CTest.

set(CITSIM_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  # GCC 12 reports false -Wrestrict positives inside libstdc++'s string
  # concatenation at -O3 (GCC bug 105329).
  list(APPEND CITSIM_WARNINGS -Wno-restrict)
endif()

function(citsim_target_defaults target)
  target_compile_options(${target} PRIVATE ${CITSIM_WARNINGS})
  if(CITSIM_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  if(CITSIM_NATIVE)
    target_compile_options(${target} PRIVATE -march=native)
  endif()
endfunction()

function(citsim_module)
  cmake_parse_arguments(M "" "NAME" "SOURCES;TESTS;DEPS;PRIVATE_DEPS" ${ARGN})
  set(lib citsim_${M_NAME})
  add_library(${lib} STATIC ${M_SOURCES})
  add_library(citsim::${M_NAME} ALIAS ${lib})
  target_include_directories(${lib} PUBLIC "${PROJECT_SOURCE_DIR}/src")
  target_link_libraries(${lib} PUBLIC ${M_DEPS} PRIVATE ${M_PRIVATE_DEPS})
  target_compile_features(${lib} PUBLIC cxx_std_20)
  citsim_target_defaults(${lib})
  if(CITSIM_BUILD_TESTS AND M_TESTS)
    set(test_exe ${lib}_tests)
    add_executable(${test_exe} ${M_TESTS})
    target_link_libraries(${test_exe} PRIVATE ${lib} ${M_PRIVATE_DEPS} GTest::gtest_main GTest::gmock)
    target_compile_definitions(${test_exe} PRIVATE
      CITSIM_TEST_DATA_DIR="${PROJECT_SOURCE_DIR}/data"
      CITSIM_TEST_EXAMPLES_DIR="${PROJECT_SOURCE_DIR}/examples")
    citsim_target_defaults(${test_exe})
    gtest_discover_tests(${test_exe} DISCOVERY_TIMEOUT 60 PROPERTIES LABELS ${M_NAME})
  endif()
endfunction()
