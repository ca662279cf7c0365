#include "citsim/pipeline/plan_json.hpp"

#include <cstdio>

#include <fmt/format.h>

#include "citsim/core/units.hpp"
#include "citsim/core/version.hpp"

namespace citsim {
namespace {

using nlohmann::json;
using units::um_to_mm;

json range(double lo, double hi) { return json::array({lo, hi}); }
json range(int lo, int hi) { return json::array({lo, hi}); }

json screening_json(const ScreeningResult& s) {
  json reasons = json::array();
  for (const auto& f : s.findings) {
    json r = {{"rule_id", f.rule_id}, {"level", to_string(f.level)}, {"message", f.message},
              {"because", f.because}, {"source", f.source},          {"rules_file", f.origin}};
    if (!f.note.empty()) r["note"] = f.note;
    reasons.push_back(std::move(r));
  }
  return {{"outcome", to_string(s.outcome)},
          {"stopped", s.outcome == ScreeningOutcome::stop},
          {"reasons", reasons}};
}

json proposed_json(const ProposedCourse& p) {
  json adjuvants = json::array();
  for (const auto& a : p.adjuvants) {
    adjuvants.push_back(
        {{"id", a.id}, {"name", a.name}, {"evidence", a.evidence}, {"source", a.source}});
  }
  json depth = {{"range_mm", range(um_to_mm(p.depth_min_um), um_to_mm(p.depth_max_um))},
                {"start_mm", um_to_mm(p.depth_um)},
                {"source", p.depth_source}};
  if (!p.depth_note.empty()) depth["note"] = p.depth_note;
  return {
      {"device",
       {{"kind", to_string(p.device)}, {"why", p.device_why}, {"source", p.device_source}}},
      {"needle_depth", depth},
      {"passes",
       {{"value", p.passes},
        {"range", range(p.passes_min, p.passes_max)},
        {"source", p.passes_source}}},
      {"endpoint", {{"value", p.endpoint}, {"source", p.endpoint_source}}},
      {"sessions",
       {{"value", p.sessions},
        {"range", range(p.sessions_min, p.sessions_max)},
        {"source", p.sessions_source}}},
      {"interval_days",
       {{"value", p.interval_days},
        {"range", range(p.interval_min_days, p.interval_max_days)},
        {"source", p.interval_source}}},
      {"maintenance_months",
       {{"value", p.maintenance_interval_months},
        {"range", range(p.maintenance_min_months, p.maintenance_max_months)},
        {"source", p.maintenance_source}}},
      {"maintenance_sessions",
       {{"value", p.maintenance_sessions},
        {"source", fmt::format("model choice: every {} months for {} years after the course",
                               p.maintenance_interval_months, kMaintenanceYears)}}},
      {"final_assessment_days_after_last_session",
       {{"value", p.follow_up_days}, {"source", p.follow_up_source}}},
      {"adjuvants", adjuvants},
      {"notes", p.notes},
  };
}

json given_json(const GivenCourse& g) {
  json j = {{"device", to_string(g.device)},
            {"needle_length_mm", um_to_mm(g.needle_length_um)},
            {"passes", g.passes},
            {"sessions", g.sessions},
            {"interval_days", g.interval_days},
            {"follow_up_days", g.follow_up_days}};
  if (!g.session_days.empty()) j["session_days"] = g.session_days;
  if (g.maintenance_sessions > 0) {
    j["maintenance"] = {{"interval_months", g.maintenance_interval_months},
                        {"sessions", g.maintenance_sessions}};
  }
  return j;
}

json calendar_json(const CareCalendar& c, const std::string& file) {
  json sessions = json::array();
  for (auto d : c.session_dates) sessions.push_back(format_date(d));
  json events = json::array();
  for (const auto& e : c.events) {
    json j = {{"id", e.id},       {"phase", e.phase},   {"date", format_date(e.date)},
              {"title", e.title}, {"detail", e.detail}, {"source", e.source}};
    if (e.session > 0) j["session"] = e.session;
    if (e.start_minute) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "%02d:%02d", *e.start_minute / 60, *e.start_minute % 60);
      j["time"] = buf;
      j["duration_minutes"] = e.duration_minutes;
    } else {
      j["duration_days"] = e.duration_days;
    }
    events.push_back(std::move(j));
  }
  return {{"scheduled", c.scheduled},
          {"start", format_date(c.start)},
          {"session_dates", sessions},
          {"events", events},
          {"ics_file", file}};
}

json item_json(const PricedItem& i) {
  return {{"id", i.id},   {"name", i.name}, {"price", range(i.price.min, i.price.max)},
          {"per", i.per}, {"note", i.note}, {"source", i.source}};
}

json costs_json(const CostEstimate& c) {
  json providers = json::array();
  for (const auto& p : c.by_provider) {
    providers.push_back(
        {{"provider", p.provider},
         {"per_session", range(p.per_session.min, p.per_session.max)},
         {"course", range(p.course.min, p.course.max)},
         {"add_ons", range(p.add_ons.min, p.add_ons.max)},
         {"total", range(p.total.min, p.total.max)},
         {"maintenance_session", range(p.maintenance_session.min, p.maintenance_session.max)}});
    if (c.maintenance.sessions > 0) {
      providers.back()["maintenance_per_year"] =
          range(p.maintenance_per_year.min, p.maintenance_per_year.max);
      providers.back()["maintenance_total"] =
          range(p.maintenance_total.min, p.maintenance_total.max);
    }
  }
  json add_ons = json::array(), others = json::array(), home = json::array();
  for (const auto& i : c.add_ons) add_ons.push_back(item_json(i));
  for (const auto& i : c.other_add_ons) others.push_back(item_json(i));
  for (const auto& i : c.home_devices) home.push_back(item_json(i));
  return {
      {"currency", c.currency},
      {"price_year", c.price_year},
      {"area", c.area},
      {"area_source", c.area_source},
      {"region", c.region},
      {"region_factor", c.region_factor},
      {"region_source", c.region_source},
      {"sessions", c.sessions},
      {"package",
       {{"applies", c.package},
        {"discount", range(c.package_discount_min, c.package_discount_max)},
        {"source", c.package_source}}},
      {"by_provider", providers},
      {"add_ons_included", add_ons},
      {"add_ons_offered", others},
      {"at_home_devices", home},
      {"insurance",
       {{"covered", "not claimed"}, {"note", c.insurance_note}, {"source", c.insurance_source}}},
      {"source", c.source}};
}

json alternatives_json(const std::vector<AlternativeAssessment>& rows) {
  json out = json::array();
  for (const auto& r : rows) {
    const Alternative& a = r.option;
    out.push_back({{"id", a.id},
                   {"name", a.name},
                   {"mechanism", a.mechanism},
                   {"best_for", a.best_for_text},
                   {"suits_indication", r.suits_indication},
                   {"downtime_days", range(a.downtime_min_days, a.downtime_max_days)},
                   {"sessions", range(a.sessions_min, a.sessions_max)},
                   {"cost_per_session", range(a.cost_min, a.cost_max)},
                   {"currency", a.currency},
                   {"cost_source", a.cost_source},
                   {"pih_risk_dark_skin", to_string(a.pih_risk)},
                   {"dark_skin", a.dark_skin},
                   {"pih_flag", r.pih_flag},
                   {"flags_for_this_patient", r.flags},
                   {"source", a.source}});
  }
  return out;
}

}  // namespace

json plan_to_json(const Plan& plan, const PlanJsonContext& ctx) {
  json j;
  j["citsim_version"] = kVersion;
  j["disclaimer"] = kPlanDisclaimer;
  j["case_file"] = ctx.case_file;
  j["case"] = ctx.case_as_read;
  j["data_files"] = ctx.data_files;
  j["start_date"] = format_date(plan.calendar.start);
  j["start_date_source"] = ctx.start_date_source;
  j["screening"] = screening_json(plan.screening);

  json zone = {{"zone", to_string(plan.proposed ? plan.proposed->zone : Zone::cheek)},
               {"as_given", given_json(plan.given)}};
  if (plan.proposed) {
    zone["zone"] = to_string(plan.proposed->zone);
    zone["indication"] = plan.proposed->indication;
    zone["proposed"] = proposed_json(*plan.proposed);
    zone["differences"] = plan.differences;
  }
  json protocol;
  if (plan.proposed) {
    protocol["status"] = "proposed";
    protocol["zones"] = json::array({zone});
  } else {
    protocol["status"] = "not proposed: screening stopped treatment (see screening.reasons)";
    protocol["zones"] = json::array();
  }
  protocol["course_followed"] = {
      {"choice", to_string(plan.course)},
      {"sessions", plan.sessions},
      {"interval_days", plan.interval_days},
      {"session_days", plan.session_days},
      {"maintenance_session_days", plan.maintenance_days},
      {"why", plan.course == CourseChoice::as_given
                  ? "the case file's [device] and [protocol] are the clinician's choice"
                  : "citsim plan --course proposed"}};
  j["protocol"] = protocol;
  j["calendar"] = calendar_json(plan.calendar, ctx.calendar_file);
  if (plan.costs) {
    j["costs"] = costs_json(*plan.costs);
  } else {
    j["costs"] = nullptr;
    j["costs_note"] = "no estimate: screening stopped treatment";
  }
  j["alternatives"] = alternatives_json(plan.alternatives);
  j["predictions"] = nullptr;
  j["predictions_status"] =
      "not computed by the planner stage; to be filled from the healing engine's predictions";
  return j;
}

}  // namespace citsim
