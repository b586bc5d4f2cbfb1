# The randomized differential suite's goldens: random datasets (fixed seeds) across the cases
# where the engine and R could part - heavy ties, left truncation, near ties, strata, numeric and
# mixed-case labels, competing risks, Cox with factors and ties, sparse tables - each with R's
# answer (survival, cmprsk, stats). tests/js/differential.test.mjs runs the CLI on every dataset
# and compares every number R gives; CI needs no R.
#
#   Rscript tests/golden/differential/gen_differential.R   (from the repository root)
#
# Writes tests/golden/differential/cases.json.gz. R 4.2.2, survival 3.5-3, cmprsk 2.2-11, in the
# C.UTF-8 locale (ICU collation: factor levels "a" < "b" < "B").
suppressPackageStartupMessages({
  library(survival)
  library(cmprsk)
})
source("tests/golden/json_writer.R")

# The dataset as CSV lines (json_writer.R escapes no newlines: one string per line).
csv_text <- function(d) {
  con <- textConnection("out", "w", local = TRUE)
  write.csv(d, con, row.names = FALSE, na = "", quote = FALSE)
  close(con)
  out
}

label_pool <- function(kind, k) {
  switch(kind,
    numeric = as.character(sample(c(2, 9, 10, 11, 100, 3), k)),
    mixed = sample(c("a", "B", "b", "C", "c", "A"), k),
    plain = sample(c("LR", "MR", "HR", "SR", "IR"), k))
}

# Times: heavy ties (small integers), continuous, or near ties (differences of 1e-10).
rtimes <- function(n, kind) {
  switch(kind,
    ties = sample(1:6, n, replace = TRUE),
    cont = round(rexp(n, 0.2), 3) + 0.001,
    near = sample(1:8, n, replace = TRUE) + sample(c(0, 1e-10, 2e-10), n, replace = TRUE))
}

# What an R user gets from the same file: read.csv types a column of numbers as numeric (so its
# factor levels sort numerically, 2 < 9 < 10), and the times are the values as written.
reread <- function(d) read.csv(text = csv_text(d), stringsAsFactors = FALSE)

cases <- list()
add <- function(x) cases[[length(cases) + 1]] <<- x

# ---- Kaplan-Meier (survfit), with and without entry times.
for (i in 1:150) {
  set.seed(1000 + i)
  n <- sample(c(5, 12, 40, 120), 1)
  k <- sample(1:4, 1)
  labs <- label_pool(sample(c("numeric", "mixed", "plain"), 1), k)
  d <- data.frame(time = rtimes(n, sample(c("ties", "cont", "near"), 1)),
                  status = rbinom(n, 1, runif(1, 0.3, 0.9)),
                  g = sample(labs, n, replace = TRUE), stringsAsFactors = FALSE)
  truncated <- i %% 3 == 0
  if (truncated) d$entry <- pmax(0, round(d$time * runif(n, 0, 0.6), 3) - 0.0005)
  if (truncated && any(d$entry >= d$time)) d$entry <- pmin(d$entry, d$time / 2)
  ct <- sample(c("log", "log-log", "plain"), 1)
  d <- reread(d)
  s <- if (truncated) Surv(d$entry, d$time, d$status) else Surv(d$time, d$status)
  grouped <- length(unique(d$g)) > 1
  fit <- if (grouped) survfit(s ~ g, data = d, conf.type = ct) else survfit(s ~ 1, conf.type = ct)
  curves <- list()
  nstr <- if (grouped) length(fit$strata) else 1
  for (j in seq_len(nstr)) {
    f <- if (grouped) fit[j] else fit
    lab <- if (grouped) sub("^g=", "", names(fit$strata)[j]) else "all"
    curves[[length(curves) + 1]] <- list(
      group = scalar(lab), time = f$time, n_risk = f$n.risk, n_event = f$n.event,
      surv = f$surv, std_err = f$std.err * f$surv, lower = f$lower, upper = f$upper,
      median = scalar(unname(summary(f)$table["median"])))
  }
  args <- c("km", "--time", "time", "--event", "status", "--conf-type", ct)
  if (grouped) args <- c(args, "--group", "g")
  if (truncated) args <- c(args, "--entry", "entry")
  if (!grouped) d$g <- NULL
  add(list(id = scalar(sprintf("km_%03d", i)), kind = scalar("km"), csv = csv_text(d),
           args = args, expect = list(curves = curves)))
}

# ---- Log-rank (survdiff), some stratified.
for (i in 1:100) {
  set.seed(2000 + i)
  n <- sample(c(10, 30, 80, 200), 1)
  k <- sample(2:4, 1)
  labs <- label_pool(sample(c("numeric", "mixed", "plain"), 1), k)
  d <- data.frame(time = rtimes(n, sample(c("ties", "cont", "near"), 1)),
                  status = rbinom(n, 1, 0.7), g = sample(labs, n, replace = TRUE),
                  stringsAsFactors = FALSE)
  if (length(unique(d$g)) < 2) next
  stratified <- i %% 4 == 0
  d <- reread(d)
  args <- c("logrank", "--time", "time", "--event", "status", "--group", "g")
  if (stratified) {
    d$s <- sample(c("s1", "s2"), n, replace = TRUE)
    sd <- tryCatch(survdiff(Surv(time, status) ~ g + strata(s), data = d),
                   error = function(e) NULL)
    args <- c(args, "--strata", "s")
  } else {
    sd <- tryCatch(survdiff(Surv(time, status) ~ g, data = d), error = function(e) NULL)
  }
  if (is.null(sd)) next
  obs <- if (is.matrix(sd$obs)) rowSums(sd$obs) else sd$obs
  ex <- if (is.matrix(sd$exp)) rowSums(sd$exp) else sd$exp
  df <- sum(ex > 0) - 1
  add(list(id = scalar(sprintf("logrank_%03d", i)), kind = scalar("logrank"),
           csv = csv_text(d), args = args,
           expect = list(groups = sub("^g=", "", names(sd$n)), obs = obs, exp = ex,
                         chisq = scalar(sd$chisq), df = scalar(df),
                         p = scalar(pchisq(sd$chisq, df, lower.tail = FALSE)))))
}

# ---- Cumulative incidence with Gray's test (cmprsk::cuminc), with censoring.
for (i in 1:100) {
  set.seed(3000 + i)
  n <- sample(c(15, 40, 100), 1)
  k <- sample(1:3, 1)
  labs <- label_pool(sample(c("numeric", "mixed", "plain"), 1), k)
  d <- data.frame(time = rtimes(n, sample(c("ties", "cont"), 1)),
                  status = sample(0:2, n, replace = TRUE, prob = c(0.3, 0.45, 0.25)),
                  g = sample(labs, n, replace = TRUE), stringsAsFactors = FALSE)
  d$status[1] <- 0
  if (!any(d$status == 1) || !any(d$status == 2)) next
  grouped <- length(unique(d$g)) > 1
  d <- reread(d)
  ci <- if (grouped) cuminc(d$time, d$status, d$g) else cuminc(d$time, d$status)
  curves <- list()
  for (nm in setdiff(names(ci), "Tests")) {
    parts <- strsplit(nm, " ")[[1]]
    curves[[length(curves) + 1]] <- list(
      group = scalar(parts[1]), cause = scalar(parts[length(parts)]),  # R: "1" when ungrouped
      time = ci[[nm]]$time, est = ci[[nm]]$est, var = ci[[nm]]$var)
  }
  tests <- list()
  if (grouped) {
    for (r in seq_len(nrow(ci$Tests))) {
      tests[[length(tests) + 1]] <- list(cause = scalar(rownames(ci$Tests)[r]),
                                         stat = scalar(ci$Tests[r, "stat"]),
                                         p = scalar(ci$Tests[r, "pv"]),
                                         df = scalar(ci$Tests[r, "df"]))
    }
  }
  args <- c("cuminc", "--time", "time", "--status", "status")
  if (grouped) args <- c(args, "--group", "g") else d$g <- NULL
  add(list(id = scalar(sprintf("cuminc_%03d", i)), kind = scalar("cuminc"),
           csv = csv_text(d), args = args, expect = list(curves = curves, tests = tests)))
}

# ---- Cox (coxph), Efron and Breslow, numeric covariates and a factor; converged fits only.
for (i in 1:110) {
  set.seed(4000 + i)
  n <- sample(c(30, 60, 150), 1)
  labs <- label_pool(sample(c("mixed", "plain"), 1), sample(2:3, 1))
  d <- data.frame(x1 = round(rnorm(n), 4), x2 = round(runif(n, 0, 10), 3),
                  g = sample(labs, n, replace = TRUE), stringsAsFactors = FALSE)
  d$time <- round(rexp(n, exp(0.3 * d$x1 - 0.05 * d$x2)), sample(c(0, 2), 1)) + 1
  d$status <- rbinom(n, 1, 0.75)
  ties <- if (i %% 3 == 0) "breslow" else "efron"
  if (length(unique(d$g)) < 2) next
  d <- reread(d)
  fit <- tryCatch(coxph(Surv(time, status) ~ x1 + x2 + g, data = d, ties = ties),
                  warning = function(w) NULL, error = function(e) NULL)
  if (is.null(fit) || any(is.na(coef(fit)))) next
  add(list(id = scalar(sprintf("cox_%03d", i)), kind = scalar("cox"), csv = csv_text(d),
           args = c("cox", "--time", "time", "--event", "status", "--covariates", "x1,x2,g",
                    "--ties", ties),
           expect = list(names = names(coef(fit)), coef = unname(coef(fit)),
                         se = unname(sqrt(diag(fit$var))), loglik = fit$loglik,
                         lr = scalar(2 * (fit$loglik[2] - fit$loglik[1])),
                         score = scalar(fit$score), wald = scalar(fit$wald.test))))
}

# ---- Tables: chi-square and Fisher (stats), 2 x 2 and small r x c, numeric and text labels.
for (i in 1:60) {
  set.seed(5000 + i)
  n <- sample(c(12, 25, 60), 1)
  r <- if (i %% 2 == 0) 2 else sample(2:4, 1)
  cc <- if (i %% 2 == 0) 2 else sample(2:4, 1)
  d <- data.frame(a = sample(label_pool(sample(c("numeric", "plain"), 1), r), n, replace = TRUE),
                  b = sample(label_pool(sample(c("numeric", "mixed"), 1), cc), n, replace = TRUE),
                  stringsAsFactors = FALSE)
  d <- reread(d)
  tab <- table(d$a, d$b)
  if (nrow(tab) < 2 || ncol(tab) < 2) next
  ch <- suppressWarnings(chisq.test(tab))
  fi <- tryCatch(fisher.test(tab), error = function(e) NULL)
  ex <- list(row_levels = rownames(tab), col_levels = colnames(tab),
             chisq = scalar(unname(ch$statistic)), chisq_p = scalar(ch$p.value))
  if (!is.null(fi)) {
    ex$fisher_p <- scalar(fi$p.value)
    if (nrow(tab) == 2 && ncol(tab) == 2) {
      ex$odds_ratio <- scalar(unname(fi$estimate))
      ex$conf_lower <- scalar(fi$conf.int[1])
      ex$conf_upper <- scalar(fi$conf.int[2])
    }
  }
  add(list(id = scalar(sprintf("crosstab_%03d", i)), kind = scalar("crosstab"),
           csv = csv_text(d), args = c("crosstab", "--row", "a", "--col", "b"),
           expect = ex))
}

# ---- Larger r x c tables for Fisher's network algorithm (3-5 x 4-6, n 40-150, sparse and
# skewed margins). fisher.test() runs in a forked child: FEXACT can crash R on some tables, and
# a crash there must only drop that case's Fisher p (as an error does).
fisher_p_isolated <- function(tab) {
  job <- parallel::mcparallel(tryCatch(fisher.test(tab)$p.value, error = function(e) NULL))
  res <- parallel::mccollect(job, wait = TRUE)[[1]]
  if (is.numeric(res)) res else NULL
}
for (i in 1:40) {
  set.seed(6000 + i)
  n <- sample(c(40, 60, 100, 150), 1)
  r <- sample(3:5, 1)
  cc <- sample(4:6, 1)
  pa <- rgamma(r, shape = 0.8)
  pb <- rgamma(cc, shape = 0.8)
  d <- data.frame(a = sample(label_pool("plain", r), n, replace = TRUE, prob = pa),
                  b = sample(label_pool(sample(c("numeric", "mixed"), 1), cc), n, replace = TRUE,
                             prob = pb),
                  stringsAsFactors = FALSE)
  d <- reread(d)
  tab <- table(d$a, d$b)
  if (nrow(tab) < 2 || ncol(tab) < 2) next
  ch <- suppressWarnings(chisq.test(tab))
  ex <- list(row_levels = rownames(tab), col_levels = colnames(tab),
             chisq = scalar(unname(ch$statistic)), chisq_p = scalar(ch$p.value))
  fp <- fisher_p_isolated(tab)
  if (!is.null(fp)) ex$fisher_p <- scalar(fp)
  add(list(id = scalar(sprintf("crosstab_rxc_%03d", i)), kind = scalar("crosstab"),
           csv = csv_text(d), args = c("crosstab", "--row", "a", "--col", "b"),
           expect = ex))
}

out <- gzfile("tests/golden/differential/cases.json.gz", "w")
writeLines(to_json(list(generator = scalar("tests/golden/differential/gen_differential.R"),
                        r_version = scalar(paste(R.version$major, R.version$minor, sep = ".")),
                        survival = scalar(as.character(packageVersion("survival"))),
                        cmprsk = scalar(as.character(packageVersion("cmprsk"))),
                        cases = cases)), out)
close(out)
message("wrote ", length(cases), " cases")
