#include "python/citsim/convert.hpp"

#include <cmath>
#include <cstdint>
#include <sstream>
#include <utility>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "citsim/core/error.hpp"

namespace py = pybind11;

namespace citsim::python {
namespace {

[[noreturn]] void reject(const std::string& source, const std::string& path, py::handle value,
                         std::string_view why) {
  throw Error(fmt::format("{}: {} = {}: {}", source, path,
                          printable(py::repr(value).cast<std::string>(), 60), why));
}

toml::table to_table(const py::dict& d, const std::string& source, const std::string& prefix);
void append(toml::array& items, py::handle value, const std::string& source,
            const std::string& path);

/// Converts `value` and hands the TOML value to `put` (inserting it into a
/// table or appending it to an array).
template <class Put>
void convert(py::handle value, const std::string& source, const std::string& path, Put&& put) {
  PyObject* o = value.ptr();
  if (PyBool_Check(o)) {
    put(o == Py_True);
  } else if (PyLong_Check(o)) {
    int overflow = 0;
    const long long x = PyLong_AsLongLongAndOverflow(o, &overflow);
    if (overflow != 0) reject(source, path, value, "does not fit a 64-bit integer");
    put(static_cast<std::int64_t>(x));
  } else if (PyFloat_Check(o)) {
    put(PyFloat_AsDouble(o));
  } else if (PyUnicode_Check(o)) {
    put(value.cast<std::string>());
  } else if (PyDict_Check(o)) {
    put(to_table(py::reinterpret_borrow<py::dict>(value), source, path + "."));
  } else if (PyList_Check(o) || PyTuple_Check(o)) {
    toml::array items;
    std::size_t i = 0;
    for (py::handle item : value) {
      append(items, item, source, fmt::format("{}[{}]", path, i++));
    }
    put(std::move(items));
  } else if (py::hasattr(value, "dtype") && py::hasattr(value, "item") &&
             py::getattr(value, "ndim", py::int_(1)).cast<int>() == 0) {
    // A NumPy scalar (numpy.float64, numpy.int32, numpy.bool_): its Python value.
    convert(value.attr("item")(), source, path, std::forward<Put>(put));
  } else {
    reject(source, path, value,
           "not a value a case can hold (tables, lists, strings, numbers and booleans)");
  }
}

void append(toml::array& items, py::handle value, const std::string& source,
            const std::string& path) {
  convert(value, source, path, [&](auto&& v) { items.push_back(std::forward<decltype(v)>(v)); });
}

toml::table to_table(const py::dict& d, const std::string& source, const std::string& prefix) {
  toml::table table;
  for (const auto& [key, value] : d) {
    if (!PyUnicode_Check(key.ptr())) {
      throw Error(fmt::format("{}: {}{}: a key must be a string", source, prefix,
                              printable(py::repr(key).cast<std::string>(), 60)));
    }
    const std::string name = key.cast<std::string>();
    convert(value, source, prefix + printable(name, 60),
            [&](auto&& v) { table.insert_or_assign(name, std::forward<decltype(v)>(v)); });
  }
  return table;
}

}  // namespace

py::object json_to_python(const nlohmann::json& j) {
  using Type = nlohmann::json::value_t;
  switch (j.type()) {
    case Type::boolean:
      return py::bool_(j.get<bool>());
    case Type::number_integer:
      return py::int_(j.get<std::int64_t>());
    case Type::number_unsigned:
      return py::int_(j.get<std::uint64_t>());
    case Type::number_float: {
      const double x = j.get<double>();
      return std::isfinite(x) ? py::object(py::float_(x)) : py::object(py::none());
    }
    case Type::string:
      return py::str(j.get_ref<const std::string&>());
    case Type::array: {
      py::list items;
      for (const auto& item : j) items.append(json_to_python(item));
      return items;
    }
    case Type::object: {
      py::dict items;
      for (const auto& [key, value] : j.items()) items[py::str(key)] = json_to_python(value);
      return items;
    }
    case Type::null:
    case Type::binary:
    case Type::discarded:
      break;
  }
  return py::none();
}

std::string dict_to_toml(const py::dict& table, const std::string& source) {
  std::ostringstream out;
  out << to_table(table, source, "");
  return out.str();
}

}  // namespace citsim::python
