# Reference values of the survey wing, computed once with R's survey package.
#
# Run from the repository root (Debian: apt-get install r-cran-survey):
#
#     Rscript scripts/survey_reference.R
#
# Reads tests/fixtures/survey/children.csv and replicate_factors.csv (made by
# scripts/make_sample_survey.py), classifies every child by each rule set (written
# here again, in R, from the rules' definitions, not from the package), and writes
# tests/fixtures/survey/reference.csv: for every design, rule set and domain, the
# estimate, standard error and design effect of svyby(svymean, deff=TRUE), the
# logit and Wald intervals of svyciprop (method "logit" and "mean") with their
# degrees of freedom (degf), and the unweighted and weighted counts.
#
# Designs:
#   taylor            svydesign(ids=~psu, strata=~stratum, weights=~weight, nest=TRUE)
#   lonely_<option>   the same with strata=~stratum_lonely (three clusters alone in
#                     their strata) and options(survey.lonely.psu=<option>), for
#                     adjust, average and certainty (survey.adjust.domain.lonely FALSE)
#   jk1, brr, fay     svrepdesign(repweights = weight x factor, combined.weights=TRUE,
#                     type = "JK1", "BRR", "Fay" with rho = 0.5)
# Domains: the whole sample, province, sex, age_group, area, and area x sex.
# Tests compare with these values and never need R.

suppressMessages(library(survey))

fixtures <- "tests/fixtures/survey"
kids <- read.csv(file.path(fixtures, "children.csv"), encoding = "UTF-8",
                 stringsAsFactors = FALSE, colClasses = c(stratum_lonely = "character"))
factors <- read.csv(file.path(fixtures, "replicate_factors.csv"))

# --- classification, one rule set at a time ------------------------------------
between <- function(age, low, high) !is.na(age) & age >= low & age <= high
holds <- function(x) !is.na(x) & x
classify <- function(d, rules) {
  a <- d$age
  e <- d$econ_hours
  c <- d$chores_hours
  h <- d$hazardous == 1
  if (rules == "sdg-8.7.1" || rules == "mics6-2017") {
    cl <- holds(between(a, 5, 11) & e >= 1) | holds(between(a, 12, 14) & e >= 14) |
      holds(between(a, 15, 17) & e >= 43) | holds(between(a, 5, 14) & c >= 21)
    known <- !is.na(e) | !is.na(c)
    if (rules == "mics6-2017") {
      cl <- cl | holds(between(a, 5, 17) & h)
      known <- known | !is.na(h)
    }
  } else if (rules == "mics5") {
    cl <- holds(between(a, 5, 11) & e >= 1) | holds(between(a, 12, 14) & e >= 14) |
      holds(between(a, 15, 17) & e >= 43) | holds(between(a, 5, 14) & c >= 28) |
      holds(between(a, 15, 17) & c >= 43) | holds(between(a, 5, 17) & h)
    known <- !is.na(e) | !is.na(c) | !is.na(h)
  } else if (rules == "vn-lc2019") {
    cl <- holds(between(a, 5, 12) & e >= 1) | holds(between(a, 13, 14) & e > 20) |
      holds(between(a, 15, 17) & e > 40) | holds(between(a, 5, 17) & h)
    known <- !is.na(e) | !is.na(h)
  }
  out <- as.numeric(cl)
  out[!between(a, 5, 17) | (!cl & !known)] <- NA
  out
}

kids$age_group <- cut(kids$age, c(4.5, 11.5, 14.5, 17.5), labels = c("5-11", "12-14", "15-17"))
kids$area_sex <- paste(kids$area, kids$sex, sep = "|")
rule_sets <- c("sdg-8.7.1", "mics6-2017", "mics5", "vn-lc2019")
domains <- c("", "province", "sex", "age_group", "area", "area_sex")

# --- designs --------------------------------------------------------------------
reps <- function(prefix, rho = 0) {
  cols <- grep(paste0("^", prefix, "_"), names(factors), value = TRUE)
  f <- as.matrix(factors[match(kids$psu, factors$psu), cols])
  kids$weight * (1 + (f - 1) * (1 - rho))  # Fay's factors from BRR's: 2 -> 2 - rho, 0 -> rho
}
make_design <- function(name, d) {
  if (name == "taylor") {
    svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, nest = TRUE, data = d)
  } else if (startsWith(name, "lonely_")) {
    svydesign(ids = ~psu, strata = ~stratum_lonely, weights = ~weight, nest = TRUE, data = d)
  } else if (name == "jk1") {
    svrepdesign(data = d, repweights = reps("jk1"), weights = ~weight, type = "JK1",
                combined.weights = TRUE)
  } else if (name == "brr") {
    svrepdesign(data = d, repweights = reps("brr"), weights = ~weight, type = "BRR",
                combined.weights = TRUE)
  } else if (name == "fay") {
    svrepdesign(data = d, repweights = reps("brr", rho = 0.5), weights = ~weight,
                type = "Fay", rho = 0.5, combined.weights = TRUE)
  }
}
designs <- c("taylor", "lonely_adjust", "lonely_average", "lonely_certainty", "jk1", "brr",
             "fay")

g17 <- function(x) sprintf("%.17g", x)
rows <- list()
for (design_name in designs) {
  options(survey.lonely.psu = if (startsWith(design_name, "lonely_"))
    sub("lonely_", "", design_name) else "fail")
  for (rules in rule_sets) {
    d <- kids
    d$cl <- classify(d, rules)
    des <- make_design(design_name, d)
    known <- subset(des, !is.na(cl))
    for (dom in domains) {
      if (dom == "") {
        m <- svymean(~cl, des, na.rm = TRUE, deff = TRUE)
        est <- data.frame(key = "", value = as.numeric(coef(m)), se = as.numeric(SE(m)),
                          deff = as.numeric(deff(m)))
      } else {
        m <- svyby(~cl, as.formula(paste0("~", dom)), des, svymean, na.rm = TRUE, deff = TRUE)
        est <- data.frame(key = as.character(m[[dom]]), value = as.numeric(coef(m)),
                          se = as.numeric(SE(m)),
                          deff = as.numeric(deff(m)))
      }
      for (i in seq_len(nrow(est))) {
        k <- est$key[i]
        sub_des <- if (dom == "") known else known[as.character(known$variables[[dom]]) == k, ]
        logit <- svyciprop(~cl, sub_des, method = "logit")
        wald <- svyciprop(~cl, sub_des, method = "mean")
        w <- weights(sub_des, "sampling")
        if (inherits(sub_des, "svyrep.design")) w <- sub_des$pweights
        v <- sub_des$variables
        rows[[length(rows) + 1]] <- data.frame(
          design = design_name, rules = rules, by = dom, domain = k,
          value = g17(est$value[i]), se = g17(est$se[i]), deff = g17(est$deff[i]),
          logit_low = g17(attr(logit, "ci")[1]), logit_high = g17(attr(logit, "ci")[2]),
          wald_low = g17(attr(wald, "ci")[1]), wald_high = g17(attr(wald, "ci")[2]),
          df = degf(sub_des), n = nrow(v), population = g17(sum(w)),
          count = g17(sum(w * v$cl)))
      }
    }
  }
}
out <- do.call(rbind, rows)
write.csv(out, file.path(fixtures, "reference.csv"), row.names = FALSE, fileEncoding = "UTF-8")
cat(nrow(out), "reference rows written, survey", as.character(packageVersion("survey")), "\n")
