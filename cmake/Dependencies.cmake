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
