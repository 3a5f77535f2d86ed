// Everything of the C++ API in one include.
#pragma once

#include "llamawool/action.hpp"
#include "llamawool/batch.hpp"
#include "llamawool/engine.hpp"
#include "llamawool/ruleset.hpp"
#include "llamawool/pwa_import.hpp"
#include "llamawool/report.hpp"
#include "llamawool/resume.hpp"
#include "llamawool/save.hpp"
#include "llamawool/scores.hpp"
#include "llamawool/state.hpp"
#include "llamawool/status.hpp"
#include "llamawool/sync.hpp"
#include "llamawool/version.hpp"
#include "llamawool/view.hpp"
