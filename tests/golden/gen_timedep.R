# Golden values for a time-dependent exposure (transplant): counting-process Cox fits, the
# Mantel-Byar test, survfit on (start, stop] data (Simon-Makuch curves), the split of one row
# per patient into intervals (tmerge) and landmark analysis. Sourced by tests/golden/generate.R
# (survival loaded, json_writer.R sourced, seed 20261124). Writes tests/golden/timedep.json.
# Every case carries its input, so the C++ side feeds exactly what R was given.
#
# Stanford heart transplant data: `heart` (jasa1 layout) for the fits; `jasa` (one row per
# patient) for the split and the landmarks, with the two fixes of survival's "timedep" vignette
# (section "Stanford heart transplant"): follow-up pmax(0.5, fu.date - accept.dt) (one subject
# died on the day of entry, and (0, 0] is not an interval) and a transplant on the day of death
# moved 0.5 day earlier (else tmerge ignores it: a tdc on the last interval's trailing edge
# changes nothing). The exact times given to R are recorded.

src <- paste0("R ", R.version$major, ".", R.version$minor, ", survival ",
              format(packageVersion("survival")), ": tests/golden/gen_timedep.R")

quiet_fit <- function(expr) {
  warn <- character(0)
  val <- withCallingHandlers(expr, warning = function(w) {
    warn <<- c(warn, conditionMessage(w))
    invokeRestart("muffleWarning")
  })
  list(value = val, warnings = warn)
}

# ---- counting-process Cox ---------------------------------------------------------------
tdcox_case <- function(name, d, covariates, strata = NULL, ties = "efron") {
  rhs <- covariates
  if (!is.null(strata)) rhs <- c(rhs, paste0("strata(", strata, ")"))
  f <- as.formula(paste("Surv(start, stop, event) ~", paste(rhs, collapse = " + ")))
  q <- quiet_fit(coxph(f, data = d, ties = ties))
  fit <- q$value
  s <- summary(fit)
  beta <- coef(fit)
  df <- sum(!is.na(beta))
  wald <- as.vector(fit$wald.test)
  list(
    name = scalar(name),
    r_call = scalar(paste0("coxph(", deparse1(f), ", ties = \"", ties, "\")")),
    ties = scalar(ties),
    start = as.double(d$start), stop = as.double(d$stop), event = as.double(d$event),
    id = as.double(d$id),
    covariates = lapply(covariates, function(v) list(name = scalar(v),
                                                     values = as.double(d[[v]]))),
    strata = if (is.null(strata)) NULL else as.character(d[[strata]]),
    expected = list(
      n = scalar(fit$n), nevent = scalar(fit$nevent),
      names = names(beta), coef = as.double(beta),
      se = as.double(sqrt(diag(fit$var))),
      var = fit$var,
      loglik = as.double(fit$loglik),
      lr = list(stat = scalar(s$logtest[["test"]]), df = scalar(df),
                p = scalar(s$logtest[["pvalue"]])),
      wald = list(stat = scalar(wald), df = scalar(df),
                  p = scalar(pchisq(wald, df, lower.tail = FALSE))),
      score = list(stat = scalar(fit$score), df = scalar(df),
                   p = scalar(s$sctest[["pvalue"]])),
      iterations = scalar(fit$iter),
      concordance = scalar(fit$concordance[["concordance"]]),
      concordance_se = scalar(fit$concordance[["std"]]),
      concordance_counts = as.double(fit$concordance[c("concordant", "discordant", "tied.x",
                                                       "tied.y", "tied.xy")]),
      means = as.double(fit$means),
      warnings = q$warnings))
}

heart2 <- heart
heart2$transplant <- as.numeric(as.character(heart2$transplant))  # factor 0/1 -> numeric

# Small data with ties at interval boundaries: an event time equal to other rows' start
# (3, 6), several events at one time (6), a censoring at an event time (3), a subject whose
# second row starts where its first stops (ids 6, 7, 9), an entry at an event time.
tiny <- data.frame(
  id    = c(1, 2, 3, 4, 5, 6, 6, 7, 7, 8, 9, 9, 10, 11, 12, 13),
  start = c(0, 0, 3, 0, 2, 0, 2, 1, 4, 0, 0, 6, 0, 5, 0, 3),
  stop  = c(3, 3, 6, 6, 6, 2, 8, 4, 9, 9, 6, 10, 10, 7, 7, 6),
  event = c(1, 0, 1, 1, 1, 0, 1, 0, 0, 1, 0, 1, 0, 1, 0, 0),
  x     = c(0, 1, 1, 0, 1, 0, 1, 0, 1, 0, 0, 1, 0, 0, 1, 1),
  z     = c(0.5, -1.2, 0.3, 1.1, -0.4, 0.8, 0.8, -0.7, -0.7, 0.2, 1.5, 1.5, -0.3, 0.9, -1.0, 0.1))

cox_cases <- list(
  tdcox_case("heart_efron", heart2, c("transplant", "age", "surgery")),
  tdcox_case("heart_breslow", heart2, c("transplant", "age", "surgery"), ties = "breslow"),
  tdcox_case("heart_strata_surgery_efron", heart2, c("transplant", "age"), strata = "surgery"),
  tdcox_case("heart_strata_surgery_breslow", heart2, c("transplant", "age"), strata = "surgery",
             ties = "breslow"),
  tdcox_case("tiny_boundaries_efron", tiny, c("x", "z")),
  tdcox_case("tiny_boundaries_breslow", tiny, c("x", "z"), ties = "breslow"))

# ---- Mantel-Byar: the score test of the time-dependent exposure alone --------------------
# Also by hand: at each event time, O - E and the hypergeometric variance over the (start,
# stop] risk set, as survdiff would with the exposure read at that time. That is Mantel and
# Byar's statistic, and it equals the score test of ties = "exact" (the discrete partial
# likelihood); the efron and breslow score tests differ from it when deaths are tied.
mantel_byar_hand <- function(d) {
  times <- sort(unique(d$stop[d$event == 1]))
  o_e <- 0; v <- 0
  for (t in times) {
    r <- d$start < t & d$stop >= t
    n <- sum(r); n1 <- sum(r & d$transplant == 1)
    dd <- sum(r & d$stop == t & d$event == 1)
    d1 <- sum(r & d$stop == t & d$event == 1 & d$transplant == 1)
    o_e <- o_e + d1 - dd * n1 / n
    if (n > 1) v <- v + dd * (n1 / n) * (1 - n1 / n) * (n - dd) / (n - 1)
  }
  list(observed_minus_expected = scalar(o_e), variance = scalar(v), stat = scalar(o_e^2 / v))
}
mb <- lapply(c("efron", "breslow", "exact"), function(ties) {
  fit <- coxph(Surv(start, stop, event) ~ transplant, data = heart2, ties = ties)
  list(ties = scalar(ties), stat = scalar(fit$score), df = scalar(1),
       p = scalar(pchisq(fit$score, 1, lower.tail = FALSE)))
})
mantel_byar <- list(
  name = scalar("heart_transplant"),
  r_call = scalar("coxph(Surv(start, stop, event) ~ transplant, data = heart, ties = )$score"),
  start = as.double(heart2$start), stop = as.double(heart2$stop),
  event = as.double(heart2$event), transplant = as.double(heart2$transplant),
  tests = mb, by_hand = mantel_byar_hand(heart2))

# ---- survfit on (start, stop] by a time-dependent group (Simon-Makuch) -------------------
sm_case <- function(name, start, stop, event, group, times) {
  d <- data.frame(start = start, stop = stop, event = event, group = group)
  fit <- survfit(Surv(start, stop, event) ~ group, data = d)
  tab <- summary(fit)$table
  labels <- sub("^group=", "", names(fit$strata))
  ends <- cumsum(fit$strata)
  begins <- ends - fit$strata + 1
  curves <- lapply(seq_along(labels), function(k) {
    i <- begins[k]:ends[k]
    sub_fit <- fit[k]
    at <- summary(sub_fit, times = times[times <= max(sub_fit$time)])
    list(group = scalar(labels[k]), time = fit$time[i], n_risk = fit$n.risk[i],
         n_event = fit$n.event[i], n_censor = fit$n.censor[i],
         n_enter = if (is.null(fit$n.enter)) NULL else fit$n.enter[i],
         surv = fit$surv[i], std_err = fit$std.err[i] * fit$surv[i],
         std_err_log = fit$std.err[i], lower = fit$lower[i], upper = fit$upper[i],
         records = scalar(tab[k, "records"]), n_max = scalar(tab[k, "n.max"]),
         n_start = scalar(tab[k, "n.start"]), events = scalar(tab[k, "events"]),
         median = scalar(tab[k, "median"]), median_lower = scalar(tab[k, "0.95LCL"]),
         median_upper = scalar(tab[k, "0.95UCL"]),
         at_times = list(time = at$time, n_risk = at$n.risk, surv = at$surv,
                         std_err = at$std.err, lower = at$lower, upper = at$upper))
  })
  list(name = scalar(name),
       r_call = scalar("survfit(Surv(start, stop, event) ~ group) (conf.type log, 0.95)"),
       start = as.double(start), stop = as.double(stop), event = as.double(event),
       group = as.character(group), times = times,
       survfit_reports_n_enter = scalar(!is.null(fit$n.enter)),
       curves = curves)
}

# ---- tmerge split ------------------------------------------------------------------------
split_case <- function(name, id, time, status, exposure, note = "") {
  d <- data.frame(id = id, futime = time, fustat = status, exposure = exposure)
  x <- tmerge(d[, c("id", "futime", "fustat")], d, id = id,
              death = event(futime, fustat), trans = tdc(exposure))
  tc <- attr(x, "tcount")
  list(name = scalar(name),
       r_call = scalar("tmerge(d, d, id = id, death = event(futime, fustat), trans = tdc(exposure))"),
       note = scalar(note),
       input = list(id = as.double(id), time = as.double(time), status = as.double(status),
                    exposure = as.double(exposure)),
       output = list(row = as.double(match(x$id, id)), tstart = as.double(x$tstart),
                     tstop = as.double(x$tstop), death = as.double(x$death),
                     trans = as.double(x$trans)),
       tcount_trans = as.list(setNames(as.double(tc["trans", ]), colnames(tc))))
}
split_error <- function(name, time, status, exposure) {
  d <- data.frame(id = seq_along(time), futime = time, fustat = status, exposure = exposure)
  msg <- tryCatch({
    tmerge(d[, c("id", "futime", "fustat")], d, id = id, death = event(futime, fustat),
           trans = tdc(exposure))
    ""
  }, error = function(e) conditionMessage(e))
  list(name = scalar(name), time = as.double(time), status = as.double(status),
       exposure = as.double(exposure), r_error = scalar(msg))
}

# Edge cases, one subject each (row k = id k): exposure inside follow-up; at 0; before 0;
# equal to the end with an event; equal to the end censored; after the end; missing; with a
# missing status; one ulp-ish before the end; at the end of a 0.5-day follow-up; a second
# inside one on a whole day.
edge <- data.frame(
  time     = c(10, 10, 10, 10, 10, 10, 10, 10, 10, 0.5, 7),
  status   = c(1, 1, 1, 1, 0, 1, 1, NA, 1, 1, 0),
  exposure = c(5, 0, -2, 10, 10, 12, NA, 4, 10 - 1e-9, 0.5, 6))
jasa2 <- jasa
jasa2$subject <- seq_len(nrow(jasa2))
tdata <- with(jasa2, data.frame(
  subject = subject,
  futime = as.numeric(pmax(0.5, fu.date - accept.dt)),
  txtime = as.numeric(ifelse(tx.date == fu.date, (tx.date - accept.dt) - 0.5,
                             (tx.date - accept.dt))),
  fustat = fustat))
# The same without the vignette's fixes for the transplant on the day of death (subject 38):
# tmerge then ignores that transplant (trailing edge).
tdata_raw_tx <- with(jasa2, as.numeric(tx.date - accept.dt))

splits <- list(
  split_case("edge_cases", seq_len(nrow(edge)), edge$time, edge$status, edge$exposure,
             note = paste("row k = id k: inside; at 0; before 0; = end, event; = end, censored;",
                          "after end; missing; status NA; end - 1e-9; = end 0.5; inside")),
  split_case("jasa_vignette", tdata$subject, tdata$futime, tdata$fustat, tdata$txtime,
             note = paste("futime = pmax(0.5, fu.date - accept.dt); txtime = tx.date -",
                          "accept.dt, minus 0.5 when tx.date == fu.date (timedep vignette)")),
  split_case("jasa_raw_transplant_day", tdata$subject, tdata$futime, tdata$fustat, tdata_raw_tx,
             note = "as jasa_vignette but txtime = tx.date - accept.dt unchanged"))
split_errors <- list(
  split_error("time_zero", c(0, 5), c(1, 1), c(NA, 2)),
  split_error("time_negative", c(5, -1), c(1, 1), c(NA, 2)),
  split_error("time_missing", c(5, NA), c(1, 1), c(NA, 2)))

# ---- landmark analysis -------------------------------------------------------------------
# Kept: time > L (alive and in follow-up just after L; a row ending at L would have zero
# residual time); exposure fixed at (exposure <= L, NA = never); time reset to time - L.
landmark_case <- function(name, time, status, exposure, landmarks, times) {
  per <- lapply(landmarks, function(L) {
    keep <- which(time > L)
    lt <- time[keep] - L
    ls <- status[keep]
    lx <- as.numeric(!is.na(exposure[keep]) & exposure[keep] <= L)
    sd <- survdiff(Surv(lt, ls) ~ lx)
    fit <- survfit(Surv(lt, ls) ~ lx)
    labels <- sub("^lx=", "", names(fit$strata))
    curves <- lapply(seq_along(labels), function(k) {
      f <- fit[k]
      tt <- times[times <= max(f$time)]
      at <- summary(f, times = tt)
      list(group = scalar(labels[k]), n = scalar(f$n), time = at$time, n_risk = at$n.risk,
           surv = at$surv, std_err = at$std.err, lower = at$lower, upper = at$upper)
    })
    df <- length(sd$n) - 1
    cx <- coxph(Surv(lt, ls) ~ lx)  # efron, R's default
    ci <- summary(cx)$conf.int
    cox <- list(coef = scalar(unname(coef(cx))), se = scalar(sqrt(cx$var[1, 1])),
                hr = scalar(ci[1, "exp(coef)"]), lower = scalar(ci[1, "lower .95"]),
                upper = scalar(ci[1, "upper .95"]),
                p = scalar(summary(cx)$coefficients[1, "Pr(>|z|)"]),
                score = scalar(unname(cx$score)))
    list(landmark = scalar(L), rows = as.double(keep), time = as.double(lt),
         status = as.double(ls), exposed = lx,
         n_at_landmark_excluded = scalar(sum(time == L, na.rm = TRUE)),
         survdiff = list(chisq = scalar(sd$chisq), df = scalar(df),
                         p = scalar(pchisq(sd$chisq, df, lower.tail = FALSE)),
                         n = as.double(sd$n), observed = as.double(sd$obs),
                         expected = as.double(sd$exp)),
         cox = cox, curves = curves)
  })
  list(name = scalar(name),
       r_call = scalar(paste("keep <- time > L; survdiff/survfit(Surv(time[keep] - L,",
                             "status[keep]) ~ (!is.na(exposure) & exposure <= L)[keep])")),
       time = as.double(time), status = as.double(status), exposure = as.double(exposure),
       landmarks = as.double(landmarks), times = as.double(times), results = per)
}

landmarks <- list(
  landmark_case("jasa_vignette", tdata$futime, tdata$fustat, tdata$txtime, c(30, 60, 90),
                c(30, 90, 180, 365)))

# ---- a synthetic infant cohort -----------------------------------------------------------
# 300 infants, times in days; high-risk patients (about 35%) may receive a transplant, which
# lowers the hazard afterwards. Deaths and transplants are whole days, so ties are common; a
# few rows are set by hand to the edge cases: transplant on day 0, on the day of death, after
# the end of follow-up.
nc <- 300
cohort <- data.frame(id = seq_len(nc), high = rbinom(nc, 1, 0.35),
                     age = round(runif(nc, 0, 365)))
rate0 <- 0.0008 * exp(1.2 * cohort$high + 0.001 * cohort$age)
tx <- ifelse(cohort$high == 1 & runif(nc) < 0.6, ceiling(rexp(nc, 1 / 120)), NA)
t1 <- rexp(nc, rate0)
death <- ifelse(!is.na(tx) & t1 > tx, tx + rexp(nc, rate0 * exp(-0.9)), t1)
cens <- runif(nc, 365, 1825)
cohort$futime <- pmax(1, ceiling(pmin(death, cens)))
cohort$status <- as.numeric(death <= cens)
cohort$tx <- ifelse(!is.na(tx) & tx < cohort$futime, tx, NA)
hr_rows <- which(cohort$high == 1 & cohort$status == 1 & cohort$futime > 20)
cohort$tx[hr_rows[1]] <- 0                                   # transplant on day 0
cohort$tx[hr_rows[2]] <- cohort$futime[hr_rows[2]]           # on the day of death (ignored)
cohort$tx[hr_rows[3]] <- cohort$futime[hr_rows[3]] + 15      # after follow-up (ignored)

cs <- tmerge(cohort[, c("id", "high", "age", "futime", "status")], cohort, id = id,
             death = event(futime, status), trans = tdc(tx))
cs_cox <- data.frame(id = cs$id, start = cs$tstart, stop = cs$tstop, event = cs$death,
                     trans = cs$trans, high = cs$high, age = cs$age)
cohort_case <- list(
  name = scalar("infant_cohort"),
  input = list(id = as.double(cohort$id), time = as.double(cohort$futime),
               status = as.double(cohort$status), exposure = as.double(cohort$tx),
               high = as.double(cohort$high), age = as.double(cohort$age)),
  edge_rows = list(exposure_at_zero = scalar(hr_rows[1]),
                   exposure_on_death_day = scalar(hr_rows[2]),
                   exposure_after_end = scalar(hr_rows[3])),
  split = split_case("infant_cohort", cohort$id, cohort$futime, cohort$status, cohort$tx),
  cox = list(tdcox_case("infant_cohort_efron", cs_cox, c("trans", "high", "age")),
             tdcox_case("infant_cohort_breslow", cs_cox, c("trans", "high", "age"),
                        ties = "breslow")),
  simon_makuch = sm_case("infant_cohort", cs$tstart, cs$tstop, cs$death, cs$trans,
                         c(30, 90, 180, 365, 730)),
  landmark = landmark_case("infant_cohort", cohort$futime, cohort$status, cohort$tx,
                           c(30, 90, 180), c(30, 90, 180, 365, 730)))

write_golden(list(
  source = scalar(src),
  cox = cox_cases,
  mantel_byar = mantel_byar,
  simon_makuch = list(sm_case("heart", heart2$start, heart2$stop, heart2$event,
                              heart2$transplant, c(30, 90, 180, 365))),
  split = splits,
  split_errors = split_errors,
  landmark = landmarks,
  cohort = cohort_case), "tests/golden/timedep.json")
