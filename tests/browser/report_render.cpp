// Test driver for the browser test: renders a plan.json into report.html with
// the report stage, so the renderer can be checked on a fixture and on any
// plan.json without going through `citsim plan`.
//
//   report_render PLAN.json OUT.html [DATA_DIR]
//
// DATA_DIR (default: the source tree's data/) locates Chart.js the way the
// tool does: DATA_DIR/../web/node_modules/chart.js/dist/chart.umd.js.
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "citsim/core/error.hpp"
#include "citsim/report/report.hpp"

namespace {

nlohmann::json read_plan(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw citsim::Error(path.string() + ": cannot open");
  try {
    return nlohmann::json::parse(in);
  } catch (const nlohmann::json::parse_error& e) {
    throw citsim::Error(path.string() + ": not JSON: " + e.what());
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3 || argc > 4) {
    std::cerr << "usage: report_render PLAN.json OUT.html [DATA_DIR]\n";
    return 2;
  }
  try {
    const std::filesystem::path data_dir = argc == 4 ? argv[3] : CITSIM_SOURCE_DATA_DIR;
    const std::string html =
        citsim::report_html(read_plan(argv[1]), citsim::load_report_assets(data_dir));
    const std::filesystem::path out = argv[2];
    const std::filesystem::path tmp = out.string() + ".tmp";
    {
      std::ofstream file(tmp, std::ios::binary);
      file << html;
      if (!file) throw citsim::Error(tmp.string() + ": cannot write");
    }
    std::filesystem::rename(tmp, out);
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "report_render: " << e.what() << "\n";
    return 2;
  }
}
