# Every third-party dependency is found here, and only here.
# Each is justified in docs/architecture.md.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(fmt REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(CLI11 REQUIRED)
find_package(Eigen3 3.3 REQUIRED NO_MODULE)

# Debian ships toml++ 3.3 as a shared library with a pkg-config file.
find_package(tomlplusplus QUIET)
if(NOT TARGET tomlplusplus::tomlplusplus)
  pkg_check_modules(TOMLPP REQUIRED IMPORTED_TARGET tomlplusplus)
  add_library(tomlplusplus::tomlplusplus ALIAS PkgConfig::TOMLPP)
endif()

# Surface scans and renders: PNG (libpng) and TIFF (libtiff).
find_package(PNG REQUIRED)
find_package(TIFF REQUIRED)
find_package(SQLite3 REQUIRED)  # Debian: libsqlite3-dev (the results store of cohorts)

# The local web server of `citsim serve`: Debian ships cpp-httplib as a
# shared library with a pkg-config file.
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)

# Google Benchmark, optional: bench/ is built only when it is found.
find_package(benchmark QUIET)

if(CITSIM_BUILD_TESTS)
  find_package(GTest REQUIRED)
  include(GoogleTest)
endif()

# The Python module `citsim` (python/), optional: Debian's python3-dev and
# pybind11-dev. Debian's /usr/bin/python3 comes first (not another python3 on
# PATH): it has python3-numpy, and scripts/setup installs the module for it.
if(NOT DEFINED CITSIM_BUILD_PYTHON OR CITSIM_BUILD_PYTHON)
  if(NOT DEFINED Python_EXECUTABLE AND EXISTS /usr/bin/python3)
    set(Python_EXECUTABLE /usr/bin/python3)
  endif()
  find_package(Python 3.9 QUIET COMPONENTS Interpreter Development.Module)
  if(Python_FOUND)
    find_package(pybind11 2.6 CONFIG QUIET)
  endif()
endif()
