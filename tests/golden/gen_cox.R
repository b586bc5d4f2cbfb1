# Golden values for the Cox model (core/src/stats/cox.cpp) and the concordance (core/src/stats/concordance.cpp).
# Sourced by tests/golden/generate.R (survival loaded, json_writer.R sourced, seed 20261124).
# Each case carries its input data, so the C++ test feeds exactly what R fitted:
#   time, status (0/1, NA -> null), covariates [{name, type numeric|categorical, values,
#   reference}], strata (or null), ties, and what coxph returned.
# Categorical covariates are character columns, so R orders levels alphabetically and names
# dummies <column><level>, the convention the engine copies.

cox_case <- function(name, data, time, status, numeric = character(0),
                     categorical = character(0), reference = list(), strata = NULL,
                     ties = "efron", iter.max = 20, order = NULL) {
  d <- data
  if (!is.null(order)) d <- d[order, , drop = FALSE]
  rhs <- c()
  covs <- list()
  for (v in c(numeric, categorical)) {
    if (v %in% categorical) {
      col <- as.character(d[[v]])
      ref <- if (!is.null(reference[[v]])) reference[[v]] else ""
      if (ref != "") d[[v]] <- relevel(factor(col), ref = ref) else d[[v]] <- col
      covs[[length(covs) + 1]] <- list(name = scalar(v), type = scalar("categorical"), values = col,
                                       reference = scalar(ref))
    } else {
      covs[[length(covs) + 1]] <- list(name = scalar(v), type = scalar("numeric"),
                                       values = as.double(d[[v]]), reference = scalar(""))
    }
    rhs <- c(rhs, paste0("`", v, "`"))
  }
  if (!is.null(strata)) rhs <- c(rhs, paste0("strata(`", strata, "`)"))
  f <- as.formula(paste0("Surv(`", time, "`, `", status, "`) ~ ", paste(rhs, collapse = " + ")))
  warn <- character(0)
  fit <- withCallingHandlers(
    coxph(f, data = d, ties = ties, control = coxph.control(iter.max = iter.max)),
    warning = function(w) {
      warn <<- c(warn, conditionMessage(w))
      invokeRestart("muffleWarning")
    })
  s <- summary(fit)
  cf <- s$coefficients
  ci <- s$conf.int
  beta <- coef(fit)
  se <- sqrt(diag(fit$var))
  se[is.na(beta)] <- NA
  terms <- lapply(seq_along(beta), function(i) list(
    name = scalar(names(beta)[i]), coef = scalar(beta[i]), se = scalar(se[i]),
    hr = scalar(exp(beta[i])), lower = scalar(ci[i, 3]), upper = scalar(ci[i, 4]),
    z = scalar(cf[i, "z"]), p = scalar(cf[i, "Pr(>|z|)"])))
  df <- sum(!is.na(beta))
  # When coxph runs out of iterations its var is 1/diag(I) (coxfit6 skips the factorisation);
  # the full inverse at the same beta, refitted with iter.max = 0 from there, is recorded too.
  se_full <- NULL
  if (iter.max < 20) {
    f0 <- coxph(f, data = d, ties = ties, init = beta, control = coxph.control(iter.max = 0))
    se_full <- sqrt(diag(f0$var))
  }
  wald <- if (is.null(fit$wald.test)) NA else as.vector(fit$wald.test)
  list(
    name = scalar(name),
    r_call = scalar(paste0("coxph(", deparse1(f), ", ties = \"", ties, "\", iter.max = ",
                           iter.max, ")")),
    ties = scalar(ties),
    time = as.double(d[[time]]),
    status = as.double(d[[status]]),
    covariates = covs,
    strata = if (is.null(strata)) NULL else as.character(d[[strata]]),
    expected = list(
      n = scalar(fit$n), events = scalar(fit$nevent),
      n_excluded = scalar(length(fit$na.action)),
      excluded_rows = if (length(fit$na.action)) as.double(sort(as.integer(fit$na.action)))
                      else numeric(0),
      terms = terms,
      loglik = as.double(fit$loglik),
      lr = list(stat = scalar(s$logtest[["test"]]), df = scalar(df),
                p = scalar(s$logtest[["pvalue"]])),
      wald = list(stat = scalar(wald), df = scalar(df),
                  p = scalar(pchisq(wald, df, lower.tail = FALSE))),
      score = list(stat = scalar(fit$score), df = scalar(df),
                   p = scalar(s$sctest[["pvalue"]])),
      concordance = scalar(fit$concordance[["concordance"]]),
      concordance_se = scalar(fit$concordance[["std"]]),
      iterations = scalar(fit$iter),
      se_full_inverse = se_full,
      warnings = warn
    )
  )
}

lung2 <- lung
lung2$status <- lung2$status - 1        # 1/2 -> 0/1, as the engine takes it
lung2$ecog <- as.character(lung2$ph.ecog)
lung2$sex_c <- ifelse(lung2$sex == 1, "male", "female")
lung2$age_copy <- lung2$age

vet <- veteran
vet$celltype <- as.character(vet$celltype)

book1 <- data.frame(time = c(9, 3, 1, 1, 6, 6, 8), status = c(1, NA, 1, 0, 1, 1, 0),
                    x = c(0, 2, 1, 1, 1, 0, 0))

# Heavy ties: 300 subjects on 8 distinct times, a binary, a continuous and a 3-level covariate.
nt <- 300
ties_df <- data.frame(time = sample(1:8, nt, replace = TRUE), status = rbinom(nt, 1, 0.7),
                      g = rbinom(nt, 1, 0.5), z = round(rnorm(nt), 2),
                      arm = sample(c("A", "B", "C"), nt, replace = TRUE))
ties_df$time <- pmax(1, ties_df$time - ties_df$g * rbinom(nt, 2, 0.4))

# Separable covariate: every event has x = 1 before any x = 0 subject leaves -> beta -> +inf.
sep <- data.frame(time = c(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12),
                  status = c(1, 1, 1, 1, 0, 1, 0, 1, 0, 1, 0, 0),
                  x = c(1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0), age = c(50, 61, 45, 70, 52, 66,
                                                                    58, 49, 63, 55, 60, 47))
sep$x[8] <- 1; sep$x[10] <- 1   # every event, all the way to the last, has x = 1

cases <- list(
  cox_case("book1_efron", book1, "time", "status", numeric = "x", ties = "efron"),
  cox_case("book1_breslow", book1, "time", "status", numeric = "x", ties = "breslow"),
  cox_case("lung_efron", lung2, "time", "status", numeric = c("age", "sex", "ph.ecog")),
  cox_case("lung_breslow", lung2, "time", "status", numeric = c("age", "sex", "ph.ecog"),
           ties = "breslow"),
  cox_case("lung_ecog_factor_efron", lung2, "time", "status", numeric = c("age", "sex"),
           categorical = "ecog"),
  cox_case("lung_ecog_factor_breslow", lung2, "time", "status", numeric = c("age", "sex"),
           categorical = "ecog", ties = "breslow"),
  cox_case("lung_unsorted", lung2, "time", "status", numeric = c("age", "ph.karno", "wt.loss"),
           categorical = "sex_c", order = sample(nrow(lung2))),
  cox_case("veteran", vet, "time", "status", numeric = c("trt", "karno"),
           categorical = "celltype"),
  cox_case("veteran_relevel", vet, "time", "status", numeric = c("trt", "karno"),
           categorical = "celltype", reference = list(celltype = "squamous")),
  cox_case("veteran_strata", vet, "time", "status", numeric = c("trt", "karno"),
           strata = "celltype"),
  cox_case("ovarian", ovarian, "futime", "fustat", numeric = c("age", "resid.ds", "rx",
                                                               "ecog.ps")),
  cox_case("aml", aml, "time", "status", categorical = "x"),
  cox_case("aml_breslow", aml, "time", "status", categorical = "x", ties = "breslow"),
  cox_case("heavy_ties_efron", ties_df, "time", "status", numeric = c("g", "z"),
           categorical = "arm"),
  cox_case("heavy_ties_breslow", ties_df, "time", "status", numeric = c("g", "z"),
           categorical = "arm", ties = "breslow"),
  cox_case("separable", sep, "time", "status", numeric = c("x", "age")),
  cox_case("duplicated", lung2, "time", "status", numeric = c("age", "sex", "age_copy")),
  cox_case("lung_not_converged", lung2, "time", "status", numeric = c("age", "sex", "ph.ecog"),
           iter.max = 2)
)
write_golden(list(
  source = scalar(paste0("R ", R.version$major, ".", R.version$minor, ", survival ",
                         format(packageVersion("survival")), ": tests/golden/gen_cox.R")),
  cases = cases), "tests/golden/cox.json")

# Stand-alone concordance(): ties in time and in x, censoring at event times, strata, reverse.
conc_case <- function(name, time, status, x, strata = NULL, reverse = FALSE) {
  fit <- if (is.null(strata)) concordance(Surv(time, status) ~ x, reverse = reverse)
         else concordance(Surv(time, status) ~ x + strata(strata), reverse = reverse)
  cnt <- if (is.matrix(fit$count)) colSums(fit$count) else fit$count
  list(name = scalar(name), time = as.double(time), status = as.double(status),
       x = as.double(x), strata = if (is.null(strata)) NULL else as.double(strata),
       reverse = scalar(reverse),
       expected = list(concordant = scalar(cnt[["concordant"]]),
                       discordant = scalar(cnt[["discordant"]]),
                       tied_x = scalar(cnt[["tied.x"]]), tied_y = scalar(cnt[["tied.y"]]),
                       tied_xy = scalar(cnt[["tied.xy"]]),
                       concordance = scalar(fit$concordance),
                       std_err = scalar(sqrt(fit$var))))
}
lc <- lung2[!is.na(lung2$ph.ecog), ]
nc <- 400
sim_strata <- sample(1:12, nc, replace = TRUE)
sim_time <- sample(1:40, nc, replace = TRUE)
sim_status <- rbinom(nc, 1, 0.6)
sim_x <- sample(1:6, nc, replace = TRUE)
conc <- list(
  conc_case("lung_age", lung2$time, lung2$status, lung2$age),
  conc_case("lung_ecog_reverse", lc$time, lc$status, lc$ph.ecog, reverse = TRUE),
  conc_case("lung_ecog_strata_sex", lc$time, lc$status, lc$ph.ecog, strata = lc$sex),
  conc_case("tiny_ties", c(5, 5, 5, 3, 3, 8, 1, 5), c(1, 1, 0, 1, 1, 0, 1, 1),
            c(2, 2, 1, 3, 2, 2, 1, 4)),
  conc_case("twelve_strata", sim_time, sim_status, sim_x, strata = sim_strata)
)
write_golden(list(
  source = scalar(paste0("R ", R.version$major, ".", R.version$minor, ", survival ",
                         format(packageVersion("survival")), ": tests/golden/gen_cox.R")),
  cases = conc), "tests/golden/cox_concordance.json")

# A larger fit (2500 rows, > 2048 so the engine's radix-sort path is the one exercised), with
# tied times, a 3-level categorical and two strata.
nl <- 2500
large <- data.frame(age = round(runif(nl, 0, 365)), wbc = round(exp(rnorm(nl, 4, 1)), 1),
                    grp = sample(c("high", "int", "low"), nl, replace = TRUE),
                    centre = sample(c("A", "B"), nl, replace = TRUE))
lp_l <- -0.002 * large$age + 0.2 * log(large$wbc) + ifelse(large$grp == "high", 0.8, 0)
t_l <- rexp(nl, 0.001 * exp(lp_l))
c_l <- rexp(nl, 0.0005)
large$time <- ceiling(pmin(t_l, c_l) / 7)   # weeks: many ties
large$status <- as.numeric(t_l <= c_l)
write_golden(list(
  source = scalar(paste0("R ", R.version$major, ".", R.version$minor, ", survival ",
                         format(packageVersion("survival")), ": tests/golden/gen_cox.R")),
  cases = list(
    cox_case("large_efron", large, "time", "status", numeric = c("age", "wbc"),
             categorical = "grp"),
    cox_case("large_breslow_strata", large, "time", "status", numeric = c("age", "wbc"),
             categorical = "grp", strata = "centre", ties = "breslow"))),
  "tests/golden/cox_large.json")
