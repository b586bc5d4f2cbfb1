# Golden values for cumulative incidence and Gray's test: cmprsk::cuminc and
# cmprsk::timepoints. Sourced by tests/golden/generate.R (survival, cmprsk and json_writer.R
# loaded). Writes tests/golden/cuminc.json: {cases: [{name, input, curves, tests}]}.
#   curves[i]: cuminc's own $time/$est/$var (R's doubled plotting layout, see
#              core/include/infant_all/stats/cumulative_incidence.h) + timepoints() at input$times.
#   tests[i]:  fit$Tests row (stat, pv = 1 - pchisq, df) + p_upper = pchisq(stat, df,
#              lower.tail = FALSE), the accurate tail the engine reports.
# Tests compare at 1e-10 relative (tests/test_util.h kDirectTol).

cuminc_case <- function(name, time, status, group = NULL, strata = NULL, rho = 0,
                        cencode = 0, times = numeric(0)) {
  args <- list(ftime = time, fstatus = status, rho = rho, cencode = cencode)
  if (!is.null(group)) args$group <- group
  if (!is.null(strata)) args$strata <- strata
  fit <- do.call(cuminc, args)
  # Reproduce cuminc's own ordering of groups and causes to label the curves.
  keep <- !is.na(time) & !is.na(status)
  if (!is.null(group)) keep <- keep & !is.na(group)
  if (!is.null(strata)) keep <- keep & !is.na(strata)
  g <- if (is.null(group)) rep(1, sum(keep)) else group[keep]
  gl <- levels(droplevels(as.factor(g)))
  st <- status[keep]
  cl <- if (is.factor(st)) {
    tab <- table(st[st != cencode])
    names(tab)[tab > 0]
  } else {
    as.character(sort(unique(st[st != cencode])))
  }
  tp <- if (length(times)) timepoints(fit, times) else NULL
  curves <- list()
  for (cc in cl) for (gg in gl) {
    nm <- paste(gg, cc)
    cur <- fit[[nm]]
    at <- list()
    if (!is.null(tp)) {
      tt <- sort(unique(times))
      for (k in seq_along(tt)) {
        at[[k]] <- list(time = scalar(tt[k]), est = scalar(tp$est[nm, k]),
                        var = scalar(tp$var[nm, k]))
      }
    }
    curves[[length(curves) + 1]] <- list(group = scalar(gg), cause = scalar(cc),
                                         time = cur$time, est = cur$est, var = cur$var,
                                         at_times = at)
  }
  tests <- list()
  if (!is.null(fit$Tests)) {
    for (k in seq_len(nrow(fit$Tests))) {
      s <- fit$Tests[k, "stat"]
      df <- fit$Tests[k, "df"]
      tests[[k]] <- list(cause = scalar(rownames(fit$Tests)[k]), stat = scalar(s),
                         p = scalar(fit$Tests[k, "pv"]), df = scalar(df),
                         p_upper = scalar(pchisq(s, df, lower.tail = FALSE)))
    }
  }
  input <- list(time = time,
                status = if (is.factor(status)) as.character(status) else as.numeric(status),
                status_is_string = scalar(is.factor(status) || is.character(status)),
                cencode = scalar(as.character(cencode)),
                group = if (is.null(group)) list() else as.character(group),
                strata = if (is.null(strata)) list() else as.character(strata),
                rho = scalar(rho), times = as.numeric(times))
  list(name = scalar(name), input = input, curves = curves, tests = tests)
}

cases <- list()
add <- function(x) cases[[length(cases) + 1]] <<- x

# 1. Hand-sized, unsorted, ties across causes and groups (also derived by hand in
#    tests/cumulative_incidence_test.cpp).
add(cuminc_case("hand",
  time   = c(4, 2, 6, 2, 5, 3, 1, 3, 6, 2),
  status = c(1, 2, 0, 1, 1, 0, 2, 1, 2, 1),
  group  = c("b", "a", "b", "a", "a", "b", "b", "a", "a", "b"),
  times  = c(-1, 0, 1.5, 2, 3, 5.5, 6, 7)))

# 2. cmprsk's documented example (?cuminc): 3 groups, 2 strata.
set.seed(2)
ss <- rexp(100)
gg <- factor(sample(1:3, 100, replace = TRUE), 1:3, c("a", "b", "c"))
cc <- sample(0:2, 100, replace = TRUE)
strt <- sample(1:2, 100, replace = TRUE)
add(cuminc_case("cmprsk_example", ss, cc, as.character(gg), strt,
                times = c(0.1, 0.5, 1, 2, 5)))
add(cuminc_case("cmprsk_example_rho1", ss, cc, as.character(gg), strt, rho = 1,
                times = c(0.5, 1)))
add(cuminc_case("cmprsk_example_rho_half_nostrata", ss, cc, as.character(gg), rho = 0.5))

# 3. survival::mgus2: progression (1) vs death without progression (2), by sex; months, many ties.
m <- survival::mgus2
etime <- ifelse(m$pstat == 0, m$futime, m$ptime)
event <- ifelse(m$pstat == 0, 2 * m$death, 1)
add(cuminc_case("mgus2_sex", etime, event, as.character(m$sex),
                times = c(0, 12, 60, 120, 240, 400, 500)))
# ... with age group as strata for Gray's test
add(cuminc_case("mgus2_sex_strata_age", etime, event, as.character(m$sex),
                ifelse(m$age < 70, "young", "old"), times = c(120)))

# 4. Heavy ties: 4 groups, times 1..8, 3 strata.
set.seed(11)
n <- 400
add(cuminc_case("heavy_ties_4groups",
  time = sample(1:8, n, replace = TRUE), status = sample(0:2, n, replace = TRUE,
                                                          prob = c(.3, .4, .3)),
  group = sample(c("g1", "g2", "g3", "g4"), n, replace = TRUE),
  strata = sample(c("s1", "s2", "s3"), n, replace = TRUE), times = c(0.5, 1, 4, 8, 9)))

# 5. A group with no events of cause 2, and three causes.
set.seed(5)
n <- 60
tt <- round(rexp(n, 0.2), 1)
st <- sample(0:3, n, replace = TRUE)
gr <- sample(c("x", "y", "z"), n, replace = TRUE)
st[gr == "z" & st == 2] <- 0
add(cuminc_case("no_cause2_in_z", tt, st, gr, times = c(1, 5, 10)))

# 6. censor_value other than 0 (9), codes 1..3, with missing values in time, status, group.
set.seed(6)
n <- 80
tt <- round(rexp(n, 0.1), 2)
st <- sample(c(9, 1, 2, 3), n, replace = TRUE)
gr <- sample(c("p", "q"), n, replace = TRUE)
tt[c(3, 40)] <- NA
st[17] <- NA
gr[c(5, 61)] <- NA
add(cuminc_case("cencode9_with_na", tt, st, gr, cencode = 9, times = c(2, 10, 30)))

# 7. String causes with an explicit censoring label.
set.seed(7)
n <- 50
add(cuminc_case("string_causes",
  time = round(runif(n, 0, 24)), status = factor(sample(c("cens", "relapse", "death"), n,
                                                         replace = TRUE)),
  group = sample(c("MLL-r", "MLL-g"), n, replace = TRUE), cencode = "cens",
  times = c(6, 12)))

# 8. Numeric group labels order numerically (1, 2, 10), single stratum.
set.seed(8)
n <- 90
add(cuminc_case("numeric_groups", round(rexp(n), 2), sample(0:2, n, replace = TRUE),
                sample(c(1, 2, 10), n, replace = TRUE), times = c(0.25, 1)))

# 9. No group column: one curve per cause, no test. Events at time 0, last time an event.
add(cuminc_case("no_group_time0",
  time = c(0, 0, 3, 1, 2, 2, 5, 4, 5), status = c(1, 2, 1, 0, 2, 1, 1, 0, 1),
  times = c(0, 2, 5)))

# 10. Singular V: group "c" is censored before every event (cuminc reports stat -1, pv 1).
add(cuminc_case("singular", c(5, 3, 4, 6, 1, 2, 7, 8), c(1, 2, 1, 0, 0, 0, 1, 2),
                c("a", "a", "b", "b", "c", "c", "a", "b")))

# 11. Larger n (2500 > 2048 rows: the engine's radix-sort path), times rounded to 0.1 (ties),
#     2 groups, 2 strata.
set.seed(12)
n <- 2500
add(cuminc_case("n2500_rounded", round(rexp(n, 0.3), 1),
                sample(0:2, n, replace = TRUE, prob = c(.5, .3, .2)),
                sample(c("A", "B"), n, replace = TRUE), sample(1:2, n, replace = TRUE),
                times = c(1, 5, 20)))

write_golden(list(cases = cases), "tests/golden/cuminc.json")
