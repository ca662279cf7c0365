#include "citsim/skin/patient.hpp"

#include <gtest/gtest.h>

namespace citsim {
namespace {

TEST(Patient, SexNamesAreTheCaseFileNames) {
  EXPECT_EQ(to_string(Sex::female), "female");
  EXPECT_EQ(to_string(Sex::male), "male");
}

}  // namespace
}  // namespace citsim
