# citsim_module(): one stage folder as a declaration.
#
#   citsim_module(NAME device
#     DEPS    citsim_core citsim_skin)
#
# Builds the static library citsim_<NAME> from every *.cpp of the calling
# folder that is not a *.test.cpp, and, when tests are on, one GoogleTest
# executable citsim_<NAME>_tests from its *.test.cpp files, registered with
# CTest. SOURCES and TESTS, when given, replace the lists found.

set(CITSIM_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  # GCC 12 reports false -Wrestrict positives inside libstdc++'s string
  # concatenation at -O3 (GCC bug 105329).
  list(APPEND CITSIM_WARNINGS -Wno-restrict)
endif()

function(citsim_target_defaults target)
  target_compile_options(${target} PRIVATE ${CITSIM_WARNINGS})
  # No fused multiply-adds the source does not write: the same results on
  # every machine and instruction set (with CITSIM_NATIVE too, and on CPUs
  # whose base instruction set has FMA), as the bit-identity tests require.
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE -ffp-contract=off)
  endif()
  if(CITSIM_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  if(CITSIM_NATIVE)
    target_compile_options(${target} PRIVATE -march=native)
  endif()
endfunction()

function(citsim_module)
  cmake_parse_arguments(M "" "NAME" "SOURCES;TESTS;DEPS;PRIVATE_DEPS" ${ARGN})
  if(NOT M_SOURCES)
    file(GLOB M_SOURCES CONFIGURE_DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/*.cpp")
    file(GLOB found_tests CONFIGURE_DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/*.test.cpp")
    if(found_tests)
      list(REMOVE_ITEM M_SOURCES ${found_tests})
    endif()
    if(NOT M_TESTS)
      set(M_TESTS ${found_tests})
    endif()
  endif()
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
