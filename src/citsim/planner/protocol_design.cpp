#include "citsim/planner/protocol_design.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "citsim/core/error.hpp"

namespace citsim {
namespace {

std::string mm(double um) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", um / 1000.0);
  std::string s(buf);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s + " mm";
}

int passes_of(const DeviceSpec& device) {
  struct Visitor {
    int operator()(const Roller& d) const { return d.passes; }
    int operator()(const Stamp& d) const { return d.passes; }
    int operator()(const Pen& d) const { return d.passes; }
    int operator()(const RfPen& d) const { return d.pen.passes; }
  };
  return std::visit(Visitor{}, device);
}

}  // namespace

GivenCourse given_course(const DeviceSpec& device, int sessions, int interval_days,
                         int follow_up_days) {
  GivenCourse g;
  g.device = kind_of(device);
  g.needle_length_um = needles_of(device).length_um;
  g.passes = passes_of(device);
  g.sessions = sessions;
  g.interval_days = interval_days;
  g.follow_up_days = follow_up_days;
  return g;
}

ProposedCourse propose_course(const ProtocolData& data, const Patient& patient, const Site& site) {
  const auto zone_it = std::find_if(data.zones.begin(), data.zones.end(),
                                    [&](const ZoneDepth& z) { return z.zone == site.zone; });
  if (zone_it == data.zones.end()) {
    throw Error("protocol data: no depth range for zone \"" + std::string(to_string(site.zone)) +
                "\"");
  }
  const auto ind_it =
      std::find_if(data.indications.begin(), data.indications.end(),
                   [&](const IndicationProtocol& p) { return p.indication == site.indication; });
  if (ind_it == data.indications.end()) {
    throw Error("protocol data: no protocol for indication \"" + site.indication + "\"");
  }
  const ZoneDepth& zone = *zone_it;
  const IndicationProtocol& ind = *ind_it;

  ProposedCourse p;
  p.zone = site.zone;
  p.indication = site.indication;

  // Device, with the skin-of-colour preference for mechanical needling.
  p.device = ind.device;
  p.device_source = ind.device_source;
  p.device_why = "default for " + ind.indication;
  const SkinOfColourAdvice& soc = data.skin_of_colour;
  if (patient.fitzpatrick >= soc.fitzpatrick_min) {
    if (std::find(soc.avoid.begin(), soc.avoid.end(), p.device) != soc.avoid.end()) {
      p.device_why = "skin of colour: " + std::string(to_string(soc.prefer)) + " instead of " +
                     std::string(to_string(p.device)) + ": " + soc.why;
      p.device = soc.prefer;
      p.device_source = soc.source;
    }
    p.notes.push_back("Skin of colour (Fitzpatrick " + std::to_string(patient.fitzpatrick) +
                      "): " + soc.why + " [" + soc.source + "]");
  }

  // Depth: the indication's range within what the zone takes.
  p.depth_source = ind.depth_source + "; zone: " + zone.source;
  const double lo = std::max(ind.depth_min_um, zone.depth_min_um);
  const double hi = std::min(ind.depth_max_um, zone.depth_max_um);
  if (lo <= hi) {
    p.depth_min_um = lo;
    p.depth_max_um = hi;
  } else if (ind.depth_min_um > zone.depth_max_um) {
    p.depth_min_um = zone.depth_min_um;
    p.depth_max_um = zone.depth_max_um;
    p.depth_note = ind.indication + " is usually needled at " + mm(ind.depth_min_um) + " to " +
                   mm(ind.depth_max_um) + ", deeper than " + std::string(to_string(zone.zone)) +
                   " skin takes; the zone's range is proposed.";
  } else {
    p.depth_min_um = ind.depth_min_um;
    p.depth_max_um = ind.depth_max_um;
    p.depth_note = ind.indication + " needs only " + mm(ind.depth_min_um) + " to " +
                   mm(ind.depth_max_um) + ", shallower than usual for " +
                   std::string(to_string(zone.zone)) + "; the shallower range is proposed.";
  }
  p.depth_um = std::round((p.depth_min_um + p.depth_max_um) / 2.0 / 50.0) * 50.0;
  p.notes.push_back(data.no_consensus + " [" + data.no_consensus_source + "]");

  // Passes by device.
  const auto passes_it = std::find_if(data.passes.begin(), data.passes.end(),
                                      [&](const DevicePasses& d) { return d.device == p.device; });
  if (passes_it == data.passes.end()) {
    throw Error("protocol data: no passes for device \"" + std::string(to_string(p.device)) + "\"");
  }
  p.passes = passes_it->passes;
  p.passes_min = passes_it->passes_min;
  p.passes_max = passes_it->passes_max;
  p.passes_source = passes_it->source;

  p.endpoint = ind.endpoint;
  p.endpoint_source = ind.endpoint_source;
  p.sessions_min = ind.sessions_min;
  p.sessions_max = ind.sessions_max;
  p.sessions = ind.sessions_min;
  p.sessions_source = ind.sessions_source;
  p.interval_min_days = ind.interval_min_days;
  p.interval_max_days = ind.interval_max_days;
  p.interval_days = ind.interval_min_days;
  p.interval_source = ind.interval_source;
  p.maintenance_min_months = ind.maintenance_min_months;
  p.maintenance_max_months = ind.maintenance_max_months;
  p.maintenance_source = ind.maintenance_source;
  p.maintenance_interval_months = ind.maintenance_max_months;
  p.maintenance_sessions = std::max(1, kMaintenanceYears * 12 / ind.maintenance_max_months);
  p.follow_up_days = data.final_assessment_days;
  p.follow_up_source = data.final_assessment_source;
  if (!ind.note.empty()) p.notes.push_back(ind.note);

  for (const auto& id : ind.adjuvants) {
    const auto a = std::find_if(data.adjuvants.begin(), data.adjuvants.end(),
                                [&](const Adjuvant& x) { return x.id == id; });
    if (a == data.adjuvants.end()) throw Error("protocol data: unknown adjuvant \"" + id + "\"");
    p.adjuvants.push_back(*a);
  }

  // Scar types present on the site, in the order the data gives them.
  for (const auto& advice : data.scar_types) {
    const bool present = std::any_of(site.scars.begin(), site.scars.end(),
                                     [&](const ScarGroup& g) { return g.type == advice.type; });
    if (present) {
      p.notes.push_back(std::string(to_string(advice.type)) + " scars: " + advice.response + " [" +
                        advice.source + "]");
    }
  }
  return p;
}

std::vector<std::string> compare_course(const ProposedCourse& p, const GivenCourse& g) {
  std::vector<std::string> diffs;
  if (g.device != p.device) {
    diffs.push_back("device: given " + std::string(to_string(g.device)) + ", proposed " +
                    std::string(to_string(p.device)) + " (" + p.device_why + ")");
  }
  if (g.needle_length_um > p.depth_max_um + 1e-9) {
    diffs.push_back("needle depth: given " + mm(g.needle_length_um) +
                    " is deeper than the proposed " + mm(p.depth_min_um) + " to " +
                    mm(p.depth_max_um));
  } else if (g.needle_length_um < p.depth_min_um - 1e-9) {
    diffs.push_back("needle depth: given " + mm(g.needle_length_um) +
                    " is shallower than the proposed " + mm(p.depth_min_um) + " to " +
                    mm(p.depth_max_um));
  }
  if (g.device == p.device && (g.passes < p.passes_min || g.passes > p.passes_max)) {
    diffs.push_back("passes: given " + std::to_string(g.passes) + ", proposed " +
                    std::to_string(p.passes_min) + " to " + std::to_string(p.passes_max));
  }
  if (g.sessions < p.sessions_min || g.sessions > p.sessions_max) {
    diffs.push_back("sessions: given " + std::to_string(g.sessions) + ", proposed " +
                    std::to_string(p.sessions_min) + " to " + std::to_string(p.sessions_max));
  }
  if (g.sessions > 1 &&
      (g.interval_days < p.interval_min_days || g.interval_days > p.interval_max_days)) {
    diffs.push_back("interval: given " + std::to_string(g.interval_days) + " days, proposed " +
                    std::to_string(p.interval_min_days) + " to " +
                    std::to_string(p.interval_max_days) + " days");
  }
  if (g.follow_up_days < p.follow_up_days) {
    diffs.push_back("follow-up: given " + std::to_string(g.follow_up_days) +
                    " days after the last session; judge the result no earlier than " +
                    std::to_string(p.follow_up_days) + " days");
  }
  return diffs;
}

}  // namespace citsim
