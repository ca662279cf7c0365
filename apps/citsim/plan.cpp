// `citsim plan CASE --out DIR`: screens the patient, proposes a course, and
// writes DIR/report.html (for the clinician and the patient), DIR/plan.json
// (screening with every reason, protocol, calendar, costs, alternatives, each
// cited, and predictions) and DIR/calendar.ics. A refusal is a
// result (exit 0); only bad input exits 2. See docs/planner.md.
#include <cstdio>
#include <fstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "apps/citsim/commands.hpp"
#include "citsim/core/error.hpp"
#include "citsim/core/version.hpp"
#include "citsim/io/data_dir.hpp"
#include "citsim/io/output_dir.hpp"
#include "citsim/pipeline/case_reader.hpp"
#include "citsim/pipeline/plan_run.hpp"
#include "citsim/pipeline/unmodelled.hpp"
#include "citsim/planner/vocabulary.hpp"
#include "citsim/report/report.hpp"

namespace citsim::app {
namespace {

namespace fs = std::filesystem;

struct PlanCliOptions {
  std::string case_file;
  std::string out_dir;
  std::string start;
  std::string rules;
  std::string prices;
  std::string course = "as-given";
  std::string region;
  bool force = false;
};

void run_plan_command(const PlanCliOptions& opt, const CommonOptions& common) {
  const auto data_dir = find_data_dir(common.data_dir);
  const Vocabulary vocabulary = read_vocabulary(data_dir);
  const Case c = read_case(opt.case_file, vocabulary);

  PlanRequest request;
  request.case_source = opt.case_file;
  request.start = opt.start;
  request.rules = opt.rules;
  request.prices = opt.prices;
  request.course = opt.course == "proposed" ? CourseChoice::proposed : CourseChoice::as_given;
  request.region = opt.region;
  request.threads = common.threads;
  request.limits = common.limits;
  check_plan_request(request);
  check_output_destination(opt.out_dir, opt.force);  // fail before planning, not after
  const ReportAssets assets = load_report_assets(data_dir);

  const PlanRun run = run_plan(c, request, data_dir, vocabulary);
  for (const ModelWarning& w : run.warnings)
    std::fprintf(stderr, "citsim: %s: %s\n", w.level.c_str(), w.message.c_str());
  const Plan& plan = run.plan;

  OutputDir out(opt.out_dir, opt.force);
  write_file(out.path() / "plan.json", run.json.dump(2) + "\n");
  write_file(out.path() / "calendar.ics", run.calendar_ics);
  write_file(out.path() / "report.html", report_html(run.json, assets));
  const nlohmann::json summary = {
      {"citsim_version", kVersion},
      {"command", "plan"},
      {"case_file", opt.case_file},
      {"screening_outcome", to_string(plan.screening.outcome)},
      {"outputs",
       {{"plan", "plan.json"}, {"calendar", "calendar.ics"}, {"report", "report.html"}}}};
  write_file(out.path() / "summary.json", summary.dump(2) + "\n");
  out.commit("plan");

  const auto& s = plan.screening;
  std::printf("citsim: screening: %s (%zu finding(s))\n", std::string(to_string(s.outcome)).c_str(),
              s.findings.size());
  for (const auto& f : s.findings) {
    std::printf("  %-7s %s\n", std::string(to_string(f.level)).c_str(), f.rule_id.c_str());
  }
  if (plan.proposed) {
    std::printf(
        "citsim: proposed %s at %.2f-%.2f mm, %d-%d sessions every %d-%d days; calendar follows "
        "the %s course\n",
        std::string(to_string(plan.proposed->device)).c_str(), plan.proposed->depth_min_um / 1000.0,
        plan.proposed->depth_max_um / 1000.0, plan.proposed->sessions_min,
        plan.proposed->sessions_max, plan.proposed->interval_min_days,
        plan.proposed->interval_max_days, std::string(to_string(plan.course)).c_str());
  }
  std::printf(
      "citsim: plan written to %s (report.html, plan.json, calendar.ics); decision support: the "
      "clinician "
      "decides\n",
      opt.out_dir.c_str());
}

}  // namespace

void add_plan(CLI::App& app, CommonOptions& common) {
  auto opt = std::make_shared<PlanCliOptions>();
  auto* cmd = app.add_subcommand(
      "plan",
      "Screen the patient, propose a cited course, and write report.html, plan.json and "
      "calendar.ics");
  cmd->add_option("case", opt->case_file, "Case file (TOML, see docs/case-format.md)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("-o,--out", opt->out_dir,
                  "Folder for the plan: new or empty (an earlier CITSim result only with --force)")
      ->required();
  cmd->add_flag("--force", opt->force,
                "Replace an earlier CITSim result in --out (only the files CITSim wrote there)");
  cmd->add_option("--start", opt->start,
                  "Date of the first session, YYYY-MM-DD (default: the next working day, "
                  "Monday to Friday, after today; plan.json records which)");
  cmd->add_option("--rules", opt->rules,
                  "Clinic screening rules (same format as data/planner/screening.toml)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--prices", opt->prices,
                  "Clinic price book (entries replace data/planner/prices.toml's)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--course", opt->course,
                  "Which course the calendar and costs follow: as-given (the case file's, default) "
                  "or proposed")
      ->check(CLI::IsMember({"as-given", "proposed"}));
  cmd->add_option("--region", opt->region, "Price region (a [regions] entry of the price book)");
  add_limit_options(*cmd, common);
  cmd->add_option("--data-dir", common.data_dir,
                  "CITSim data folder (default: found automatically)");
  cmd->add_option("-j,--threads", common.threads,
                  "Threads (default: all cores); results are identical for every count")
      ->check(CLI::Range(1, 1024));
  cmd->callback([opt, &common] { run_plan_command(*opt, common); });
}

}  // namespace citsim::app
