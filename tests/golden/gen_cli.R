# End-to-end golden values: what R gives for the same requests tests/js/cli_golden.test.mjs
# sends to the CLI on tests/data/r/*.csv (written by gen_datasets.R from the same R datasets).
d <- function(name) read.csv(file.path("tests/data/r", paste0(name, ".csv")))

aml <- d("aml")
f <- survfit(Surv(time, status) ~ x, data = aml)
s <- summary(f, times = c(10, 20, 40))
km_aml <- list(
  strata = as.character(s$strata), time = s$time, surv = s$surv, std_err = s$std.err,
  lower = s$lower, upper = s$upper, n_risk = s$n.risk,
  median = unname(summary(f)$table[, "median"]),
  median_lower = unname(summary(f)$table[, "0.95LCL"]),
  median_upper = unname(summary(f)$table[, "0.95UCL"]))

lung <- d("lung")
lr <- survdiff(Surv(time, status) ~ ph.ecog + strata(sex), data = lung)
logrank_lung <- list(chisq = scalar(lr$chisq), obs = rowSums(as.matrix(lr$obs)),
                     exp = rowSums(as.matrix(lr$exp)))

vet <- d("veteran")
vet$celltype <- relevel(factor(vet$celltype), "large")
cx <- coxph(Surv(time, status) ~ trt + celltype + karno, data = vet, ties = "breslow")
cox_vet <- list(names = names(coef(cx)), coef = unname(coef(cx)),
                se = unname(sqrt(diag(vcov(cx)))), loglik = cx$loglik,
                concordance = scalar(unname(cx$concordance["concordance"])),
                concordance_se = scalar(unname(cx$concordance["std"])),
                lr = scalar(2 * diff(cx$loglik)), score = scalar(cx$score),
                wald = scalar(unname(cx$wald.test)))

tab <- table(as.character(d("veteran")$celltype), d("veteran")$trt)
crosstab_vet <- list(statistic = scalar(unname(chisq.test(tab)$statistic)),
                     p = scalar(chisq.test(tab)$p.value),
                     fisher_p = scalar(fisher.test(tab)$p.value))

my <- d("myeloid")
ci <- cmprsk::cuminc(my$futime, my$death, my$trt)
tp <- cmprsk::timepoints(ci, c(100, 365, 1000))
cuminc_myeloid <- list(names = rownames(tp$est), est = tp$est, var = tp$var,
                       stat = unname(ci$Tests[, "stat"]),
                       curve_names = names(ci)[names(ci) != "Tests"],
                       curve_time = lapply(ci[names(ci) != "Tests"], function(x) x$time),
                       curve_est = lapply(ci[names(ci) != "Tests"], function(x) x$est),
                       curve_var = lapply(ci[names(ci) != "Tests"], function(x) x$var))

mg <- d("mgus2")
mx <- model.matrix(~ age + sex, mg)[, -1]
fg <- cmprsk::crr(mg$etime, mg$event, cov1 = mx)
fgp <- predict(fg, cov1 = c(60, 1))  # age 60, sex M
crr_mgus2 <- list(names = names(fg$coef), coef = unname(fg$coef),
                  se = unname(sqrt(diag(fg$var))), loglik = scalar(fg$loglik),
                  loglik_null = scalar(fg$loglik.null), n = scalar(fg$n),
                  uftime = fgp[, 1], cif = fgp[, 2])

write_golden(list(km_aml = km_aml, logrank_lung = logrank_lung, cox_vet = cox_vet,
                  crosstab_vet = crosstab_vet, cuminc_myeloid = cuminc_myeloid,
                  crr_mgus2 = crr_mgus2),
             "tests/golden/cli.json")
