// "Show R code": for each analysis, an R script (survival / cmprsk) that reproduces the numbers
// on the page from the same CSV with the same options, so a statistician can check them. The
// page only writes text here; R does the sums. Endpoints from dates are derived in R by the
// rules infant-all uses (docs/ENGINE.md, "Endpoints derived from dates"), written out so they can
// be read and questioned.
import { h } from '../ui/dom.js';
import { downloadButton } from './cohort-export.js';

const q = (s) => JSON.stringify(String(s));
const vec = (xs) => `c(${xs.join(', ')})`;
const rNum = (v) => String(+Number(v).toPrecision(15));

// The CSV's name on disk: the demo is written by the page's "Download the demo cohort" button.
export function csvPathFor(fileName) {
  return /demo cohort/.test(fileName) ? 'infant-all-demo-cohort.csv' : fileName;
}

function readCsv(s) {
  const c = s.csv || {};
  const na = ['', ...(c.na || ['NA', 'N/A', '.', '-', 'NULL', 'nan'])];
  const opts = [q(csvPathFor(s.fileName)), 'check.names = FALSE', 'stringsAsFactors = FALSE',
    `na.strings = ${vec(na.map(q))}`];
  if (c.delimiter && c.delimiter !== ',') opts.push(`sep = ${q(c.delimiter)}`);
  if (c.decimal && c.decimal !== '.') opts.push(`dec = ${q(c.decimal)}`);
  if (c.encoding && /16|1252/.test(c.encoding)) {
    opts.push(`fileEncoding = ${q(/1252/.test(c.encoding) ? 'WINDOWS-1252' : c.encoding.replace(/ /g, ''))}`);
  }
  return `d <- read.csv(${opts.join(', ')})`;
}

function header(s, title, packages) {
  const lines = [
    `# infant-all: R code that reproduces "${title}"`,
    `# Data: ${s.fileName}, as the CSV file ${q(csvPathFor(s.fileName))} beside this script.`,
  ];
  if (csvPathFor(s.fileName) !== s.fileName) {
    lines.push('# (Save it with the page\'s "Download the demo cohort (CSV)" button, or run',
      '#  node scripts/make-demo-cohort.mjs infant-all-demo-cohort.csv in the infant-all sources.)');
  }
  lines.push(`# Options as on the page: conf.int = ${s.confLevel}, conf.type = ${q(s.confType)}; ` +
    `times shown in ${s.shown}.`, '');
  for (const p of packages) lines.push(`library(${p})`);
  lines.push(readCsv(s));
  return lines;
}

// The canonical -> header mapping the engine used, as an R lookup.
function mappingLines(s) {
  const pairs = (s.mapping || []).map((m) => `${m.canonical} = ${q(m.header)}`);
  return [
    '# Which column holds what (the page\'s column mapping).',
    `cols <- c(${pairs.join(',\n          ')})`,
    'column <- function(name) if (!is.na(cols[name])) d[[cols[name]]] else rep(NA, nrow(d))',
    ...dayLines(s),
    ...recodeLines(s),
  ];
}

// Dates as the page read them: YYYY-MM-DD, and in the columns the engine read day- or
// month-first (their own dates settled it, or the page's date setting), D.M.YYYY / D/M/YYYY.
function dayLines(s) {
  const orders = Object.entries((s.csv || {}).dateOrders || {});
  if (!orders.length) {
    return ['parse_day <- function(x, order = NA) as.numeric(as.Date(x))  # ISO dates (YYYY-MM-DD)',
      'date_order <- c()',
      'day <- function(name) parse_day(column(name))'];
  }
  return [
    '# Dates: YYYY-MM-DD, and D.M.YYYY (dmy) or M/D/YYYY (mdy) in the columns the page read so.',
    `date_order <- c(${orders.map(([col, o]) => `${q(col)} = ${q(o)}`).join(', ')})`,
    'parse_day <- function(x, order = NA) {',
    '  x <- trimws(as.character(x))',
    '  out <- as.Date(x, "%Y-%m-%d", optional = TRUE)',
    '  if (!is.na(order)) {',
    '    alt <- as.Date(gsub("[./-]", "/", x), if (order == "dmy") "%d/%m/%Y" else "%m/%d/%Y", optional = TRUE)',
    '    out[is.na(out)] <- alt[is.na(out)]',
    '  }',
    '  as.numeric(out)',
    '}',
    'day <- function(name) parse_day(column(name), if (is.na(cols[name])) NA else date_order[cols[name]])',
  ];
}

// The page's recoding of event types ("Rezidiv" read as relapse), matched as the engine matches
// (case and surrounding blanks ignored).
function recodeLines(s) {
  const ev = (s.recode || []).filter((r) => r.startsWith('event_type:'))
    .map((r) => [r.slice('event_type:'.length, r.indexOf('=')).trim().toLowerCase(), r.slice(r.indexOf('=') + 1).trim()]);
  if (!ev.length) return ['event_type_text <- function() column("event_type")'];
  return [
    '# The page\'s recoding of event types (a value read as a meaning).',
    `recode_event <- c(${ev.map(([f, t]) => `${q(f)} = ${q(t)}`).join(', ')})`,
    'event_type_text <- function() {',
    '  x <- trimws(as.character(column("event_type")))',
    '  hit <- tolower(x) %in% names(recode_event)',
    '  x[hit] <- recode_event[tolower(x[hit])]',
    '  x',
    '}',
  ];
}

// R that derives time (in years) and status of one endpoint from the dates, with the engine's
// rules; rows it cannot use get NA (R then leaves them out, as the page does).
function endpointLines(s, key) {
  const resistance = s.induction === '0'
    ? 'E[type %in% "resistance"] <- D[type %in% "resistance"]  # induction failure at day 0'
    : 'E[type %in% "resistance"] <- ifelse(is.na(eoi), evt, eoi)[type %in% "resistance"]  # at the end-of-induction date';
  const lines = [
    ...mappingLines(s),
    '',
    `# ${key.toUpperCase()} from the dates, as infant-all derives it (docs/ENGINE.md, "Endpoints derived from dates"), in years (days / 365.25).`,
    'D <- day("diagnosis_date"); L <- day("last_followup_date"); death <- day("death_date")',
    'evt <- day("event_date"); eoi <- day("eoi_date")',
    'type <- tolower(gsub("[ -]", "_", trimws(event_type_text())))',
    'own <- ifelse(type %in% "relapse", day("relapse_date"), ifelse(type %in% "smn", day("smn_date"),',
    '       ifelse(type %in% c("induction_death", "death_in_cr"), death, NA)))',
    'E <- ifelse(is.na(evt), own, evt)',
    resistance,
    '# Records the engine excludes: unknown or missing event type, dates out of order, conflicts.',
    'known <- type %in% c("none", "induction_death", "resistance", "relapse", "death_in_cr", "smn")',
    'rel <- day("relapse_date")',
    'ok <- known & !is.na(D) & !(!is.na(rel) & !is.na(death) & rel > death) &',
    '  ifelse(type %in% "none", is.na(death) & !is.na(L) & L >= D,',
    '         !is.na(E) & E >= D & !(type %in% c("relapse", "smn", "induction_death", "death_in_cr") &',
    '                                 !is.na(evt) & !is.na(own) & evt != own))',
  ];
  if (key === 'os') {
    return [
      ...lines.slice(0, lines.indexOf(resistance)),
      'died <- type %in% c("induction_death", "death_in_cr")',
      'dd <- ifelse(is.na(death) & died, evt, death)',
      'ok <- !is.na(D) & !(is.na(dd) & died) & ifelse(is.na(dd), !is.na(L) & L >= D, dd >= D)',
      'ok[is.na(ok)] <- FALSE',
      'time <- ifelse(ok, (ifelse(is.na(dd), L, dd) - D) / 365.25, NA)',
      'status <- ifelse(ok, as.integer(!is.na(dd)), NA)',
    ];
  }
  lines.push('ok[is.na(ok)] <- FALSE',
    'time <- ifelse(ok, (ifelse(type %in% "none", L, E) - D) / 365.25, NA)');
  if (key === 'cir') {
    lines.push('# relapse = 1; death in CR, SMN, induction death and resistance = 2 (competing); 0 = censored',
      'status <- ifelse(ok, ifelse(type %in% "none", 0L, ifelse(type %in% "relapse", 1L, 2L)), NA)');
  } else {
    lines.push('status <- ifelse(ok, as.integer(!(type %in% "none")), NA)');
  }
  return lines;
}

// rg$risk_group: the risk group of each row of d (NA when not definite), as the page classified it.
function riskGroupLines(protocol, protocolName) {
  const file = q(`risk-groups-${protocol}.csv`);
  return ['', `# Risk groups as the page classified them (${protocolName}): save the page's`,
    `# "Prepare risk group per row (CSV)", then "Save risk group per row", as ${file} (the same rows, in the same order,`,
    '# with risk_group, status, missing and flags appended).',
    `rg <- read.csv(${file}, check.names = FALSE, stringsAsFactors = FALSE, na.strings = "")`,
    'stopifnot(nrow(rg) == nrow(d))'];
}

// time, status and group vectors for one analysis.
function dataLines(s, key, { status: statusCol } = {}) {
  const lines = key === 'columns' || !key
    ? [`time <- d[[${q(s.time)}]]  # ${s.colUnit}`,
      statusCol ? `status <- d[[${q(statusCol)}]]  # 0 = censored, 1, 2, ... = causes`
        : s.eventValue ? `status <- as.integer(d[[${q(s.event)}]] == ${q(s.eventValue)})  # ${q(s.eventValue)} = the event`
          : `status <- d[[${q(s.event)}]]  # Surv() reads 0/1, 1/2 or TRUE/FALSE`]
    : endpointLines(s, key);
  if (s.group && s.protocol) {
    lines.push(...riskGroupLines(s.protocol, s.protocolName), 'group <- rg$risk_group');
  } else if (s.group) {
    lines.push(`group <- d[[${q(s.group)}]]`);
  }
  return lines;
}

// The chosen times in the time variable's unit (s.scale: column units per unit shown).
const timesIn = (s) => vec(s.horizons.map((t) => `${rNum(t)}${s.scale !== 1 ? ` * ${rNum(s.scale)}` : ''}`));

// Each group against the first: the difference at the chosen times (Greenwood SEs) and, with
// a horizon, survRM2's rmst2 on the two groups' rows.
function differenceLines(s) {
  const z = `qnorm(${rNum(1 - (1 - s.confLevel) / 2)})`;
  const lines = ['', '# Each group against the first (the reference): differences with their precision',
    'ev <- Surv(time, status)[, "status"]  # the events as 0/1, as Surv read them',
    'lev <- levels(group)'];
  if (s.horizons.length) {
    lines.push(`tt <- ${timesIn(s)}`, `for (g in lev[-1]) {`,
      '  f1 <- survfit(Surv(time, ev) ~ 1, subset = group == lev[1])',
      '  f2 <- survfit(Surv(time, ev) ~ 1, subset = group == g)',
      '  k <- tt[tt <= min(max(f1$time), max(f2$time))]  # no estimate after a curve\'s end',
      '  if (!length(k)) next',
      '  s1 <- summary(f1, times = k)',
      '  s2 <- summary(f2, times = k)',
      '  d <- s2$surv - s1$surv',
      '  se <- sqrt(s1$std.err^2 + s2$std.err^2)',
      `  print(data.frame(group = g, time = k, diff = d, lower = d - ${z} * se, upper = d + ${z} * se,`,
      '                   p = 2 * pnorm(-abs(d / se))))',
      '}');
  }
  if (s.rmst !== null && s.rmst !== undefined) {
    lines.push('# Restricted mean: survRM2 (install.packages("survRM2")); rmst2 refuses a tau past',
      '# the shorter follow-up, as the page does.',
      'if (requireNamespace("survRM2", quietly = TRUE)) for (g in lev[-1]) {',
      '  sel <- !is.na(group) & group %in% c(lev[1], g)',
      `  tryCatch(print(survRM2::rmst2(time[sel], ev[sel], arm = as.integer(group[sel] == g), tau = ${rNum(s.rmst)}${s.scale !== 1 ? ` * ${rNum(s.scale)}` : ''}, alpha = ${rNum(1 - s.confLevel)})),`,
      '           error = function(e) message(g, " vs ", lev[1], ": ", conditionMessage(e)))',
      '}');
  }
  return lines;
}

// Every pair of groups: survminer's pairwise_survdiff written out, with coxph's hazard ratio.
function pairwiseLines(s) {
  const method = { BH: 'BH', holm: 'holm', bonferroni: 'bonferroni', none: 'none' }[s.pAdjust] || 'BH';
  return ['', '# Every pair of groups (survminer::pairwise_survdiff does the same tests)',
    'pairs <- combn(levels(group), 2)',
    'pw <- t(apply(pairs, 2, function(ab) {',
    '  sel <- !is.na(group) & group %in% ab',
    '  g <- factor(group[sel], levels = ab)',
    '  lrt <- survdiff(Surv(time[sel], status[sel]) ~ g)',
    `  cf <- coxph(Surv(time[sel], status[sel]) ~ g)`,
    `  c(chisq = lrt$chisq, p = pchisq(lrt$chisq, 1, lower.tail = FALSE), hr = exp(unname(coef(cf))),`,
    `    setNames(exp(confint(cf, level = ${rNum(s.confLevel)})), c("lower", "upper")))`,
    '}))',
    `data.frame(group = pairs[2, ], reference = pairs[1, ], pw, p_adj = p.adjust(pw[, "p"], ${q(method)}))`];
}

/** The R script for one Kaplan-Meier block (with its logrank result, for the group order). */
export function kmRCode(s, key, lr) {
  const title = key === 'columns' ? 'Kaplan-Meier estimate of survival' : `Kaplan-Meier estimate of ${key.toUpperCase()}`;
  const levels = lr ? lr.groups.map(q) : [];
  const lines = [...header(s, title, ['survival']), ...dataLines(s, key)];
  if (s.group) lines.push(`group <- factor(group${levels.length ? `, levels = ${vec(levels)}` : ''})`);
  const rhs = s.group ? 'group' : '1';
  lines.push('',
    `fit <- survfit(Surv(time, status) ~ ${rhs}, conf.type = ${q(s.confType)}, conf.int = ${s.confLevel})`,
    'print(fit)  # n, events, median and its CI',
    `summary(fit, times = ${timesIn(s)}, extend = TRUE)  # survival, std.err (SE of S), lower and upper at the chosen times`,
    '# (extend = TRUE: R otherwise stops when a time is past a curve\'s end; the page shows no row there)');
  if (s.rmst !== null && s.rmst !== undefined) {
    lines.push(`print(fit, rmean = ${rNum(s.rmst)}${s.scale !== 1 ? ` * ${rNum(s.scale)}` : ''})  # restricted mean and se(rmean) up to the horizon`);
  }
  lines.push(...kmFigureLines(s, key));
  if (s.group && lr) lines.push(...differenceLines(s));
  if (lr) {
    const w = lr.trend && lr.trend.scores && lr.trend.scores.length ? lr.trend.scores.map(rNum) : lr.groups.map((_, i) => String(i + 1));
    lines.push('',
      'lr <- survdiff(Surv(time, status) ~ group)',
      'lr  # log-rank chi-square, df and observed / expected',
      'pchisq(lr$chisq, length(lr$n) - 1, lower.tail = FALSE)  # log-rank p',
      `w <- ${vec(w)}  # trend scores, in the order of the levels above`,
      'trend <- sum(w * (lr$obs - lr$exp))^2 / drop(t(w) %*% lr$var %*% w)',
      'c(chisq = trend, p = pchisq(trend, 1, lower.tail = FALSE))  # test for trend');
    if (lr.groups.length > 2) lines.push(...pairwiseLines(s));
    if (lr.stratified) {
      const st = s.strataProtocol
        ? [...(s.protocol ? [] : riskGroupLines(s.strataProtocol, s.strataName.replace(/ risk group$/, ''))), 'st <- rg$risk_group']
        : [`st <- d[[${q(s.strata)}]]`];
      lines.push('', ...st,
        'lrs <- survdiff(Surv(time, status) ~ group + strata(st))',
        'pchisq(lrs$chisq, length(lrs$n) - 1, lower.tail = FALSE)  # stratified log-rank p');
    }
  }
  return `${lines.join('\n')}\n`;
}

// The figure: base graphics (always there), and survminer's with its risk table when the
// package is installed. Time shown in the page's unit (xscale divides the time axis).
function kmFigureLines(s, key) {
  const what = key === 'columns' ? 'Survival' : key.toUpperCase();
  const xlab = q(s.shown === 'months' ? 'Months' : 'Years');
  const xscale = s.scale !== 1 ? `, xscale = ${rNum(s.scale)}` : '';
  return ['',
    '# The figure, as the page draws it: base graphics ...',
    `curve_cols <- ${s.group ? 'seq_along(fit$strata)' : '1'}`,
    `plot(fit, col = curve_cols, conf.int = ${s.showCi === false ? 'FALSE' : 'TRUE'}, mark.time = TRUE${xscale},`,
    `     xlab = ${xlab}, ylab = ${q(`${what} probability`)})`,
    ...(s.group ? ['legend("bottomleft", legend = levels(group), col = curve_cols, lty = 1, bty = "n")'] : []),
    '# ... or with survminer (number at risk beneath), if it is installed:',
    'if (requireNamespace("survminer", quietly = TRUE)) {',
    `  print(survminer::ggsurvplot(fit, data = data.frame(time, status${s.group ? ', group' : ''}), conf.int = ${s.showCi === false ? 'FALSE' : 'TRUE'},`,
    `                              risk.table = TRUE${s.scale !== 1 ? `, xscale = ${rNum(s.scale)}` : ''}, xlab = ${xlab}))`,
    '}'];
}

/** Cumulative incidence (cmprsk::cuminc) with Gray's test. */
export function cumincRCode(s, statusCol) {
  const key = s.fromDates ? 'cir' : 'columns';
  const lines = [...header(s, 'Cumulative incidence by cause', ['cmprsk']), ...dataLines(s, key, { status: statusCol }), '',
    `fit <- cuminc(ftime = time, fstatus = status${s.group ? ', group = group' : ''}, cencode = 0)`,
    'fit$Tests  # Gray\'s test per cause (stat, pv, df)',
    `timepoints(fit, times = ${timesIn(s)})  # estimates ($est) and variances ($var)`];
  if (s.group) {
    lines.push('', '# Fine-Gray model of cause 1 by group, the first level the reference',
      `g <- factor(group${s.levels && s.levels.length ? `, levels = ${vec(s.levels.map(q))}` : ''})`,
      'ok <- !is.na(time) & !is.na(status) & !is.na(g)',
      'fg <- crr(ftime = time[ok], fstatus = status[ok], cov1 = model.matrix(~ g[ok])[, -1, drop = FALSE], failcode = 1, cencode = 0)',
      `summary(fg, conf.int = ${s.confLevel})  # exp(coef): subdistribution hazard ratios`,
      '# The model\'s cumulative incidence per group: predict() gives it at each failure time',
      'pr <- predict(fg, cov1 = diag(nlevels(g))[, -1, drop = FALSE])  # one column per group, in level order',
      `t(sapply(${timesIn(s)}, function(t) pr[max(c(1, which(pr[, 1] <= t))), -1] * (t >= pr[1, 1])))  # at the chosen times`);
  }
  return `${lines.join('\n')}\n`;
}

/** Cox model (coxph) on the endpoint above; covariates as sent to the engine (COL:REF). */
export function coxRCode(s, covariates, ties, strata = null, pair = null) {
  const key = s.fromDates ? s.ep : 'columns';
  const lines = [...header(s, 'Cox proportional hazards model', ['survival']), ...dataLines(s, key)];
  // The classified risk group (the file has no such column): from the page's per-row file.
  const classified = (name) => name === 'risk_group' && s.risk;
  if ((covariates.some((c) => classified(c.split(':')[0])) || classified(strata)) && !(s.group && s.protocol)) {
    lines.push(...riskGroupLines(s.risk.protocol, s.risk.name));
  }
  lines.push('');
  const terms = [];
  const varOf = new Map();  // covariate -> its R variable
  const interaction = pair ? `${pair[0]}:${pair[1]}` : null;
  covariates.forEach((spec) => {
    if (spec === interaction) return;  // added below, after its main effects
    const [name, ref] = spec.includes(':') ? [spec.slice(0, spec.lastIndexOf(':')), spec.slice(spec.lastIndexOf(':') + 1)] : [spec, null];
    const v = `x${terms.length + 1}`;
    varOf.set(name, v);
    if (classified(name)) lines.push(`${v} <- relevel(factor(rg$risk_group), ref = ${q(ref)})  # risk group, reference ${ref}`);
    else if (ref !== null) lines.push(`${v} <- relevel(factor(d[[${q(name)}]]), ref = ${q(ref)})  # ${name}, reference ${ref}`);
    else lines.push(`${v} <- d[[${q(name)}]]  # ${name} (a text column enters as a factor, first level the reference)`);
    terms.push(v);
  });
  const inter = interaction ? `${varOf.get(pair[0])}:${varOf.get(pair[1])}` : null;
  if (inter) terms.push(inter);
  if (strata) {
    lines.push(classified(strata) ? 'st <- rg$risk_group  # strata: the risk group' : `st <- d[[${q(strata)}]]  # strata: ${strata}`);
    terms.push('strata(st)');
  }
  lines.push(`fit <- coxph(Surv(time, status) ~ ${terms.join(' + ')}, ties = ${q(ties)})`,
    `summary(fit, conf.int = ${s.confLevel})  # exp(coef), CI, p; likelihood ratio, Wald and score tests`,
    '', '# Joint Wald test of each term with several columns (a factor\'s levels together, an interaction)',
    'for (tm in names(fit$assign)) {',
    '  k <- fit$assign[[tm]]',
    '  if (length(k) < 2 && !grepl(":", tm)) next',
    '  b <- coef(fit)[k]',
    '  w <- drop(t(b) %*% solve(vcov(fit)[k, k, drop = FALSE]) %*% b)',
    '  cat(tm, ": Wald", w, "on", length(k), "df, p =", pchisq(w, length(k), lower.tail = FALSE), "\\n")',
    '}');
  if (inter) {
    lines.push(`anova(update(fit, . ~ . - ${inter}), fit)  # likelihood ratio test of the interaction ${pair.join(' × ')}`);
  }
  lines.push(
    '', 'zp <- cox.zph(fit)  # proportional hazards: per term and GLOBAL (Kaplan-Meier-transformed time)',
    'zp', 'plot(zp)  # scaled Schoenfeld residuals with a spline smooth and its band, one plot per term');
  return `${lines.join('\n')}\n`;
}

/** Characteristics table: chisq.test and fisher.test for each characteristic; by a column, or
 * by the classified risk group (by = null). */
export function crosstabRCode(s, rows, by) {
  const byWords = by || `${s.risk.name} risk group`;
  const lines = [...header(s, `Characteristics by ${byWords}`, []), ...(by ? [] : riskGroupLines(s.risk.protocol, s.risk.name)), ''];
  const byVector = by ? `d[[${q(by)}]]` : 'rg$risk_group';
  for (const r of rows) {
    lines.push(`tab <- table(d[[${q(r)}]], ${byVector})  # ${r} by ${byWords}`, 'tab',
      'chisq.test(tab)$p.value  # Pearson chi-square (Yates on 2 x 2 tables)',
      'fisher.test(tab, simulate.p.value = FALSE, workspace = 2e8)$p.value', '');
  }
  return `${lines.join('\n')}\n`;
}

// A folded panel with the script and a download button. The text is written when the result is
// drawn, so it always states the options of the numbers beside it. what: the analysis in words
// ("EFS analysis"), so each panel and button has a name of its own; part: the script's file
// name after the cohort's ("efs_km": demo-cohort_efs_km.R).
export function rCodeButton(id, what, getText, part) {
  const text = getText();
  const dl = downloadButton(`Download the R script for the ${what}`, part, 'R', () => text, 'text/plain;charset=utf-8',
    { id: `${id}-download` });
  return h('details', { class: 'rcode no-print', id },
    h('summary', {}, `Show the R code for the ${what}`),
    h('pre', { class: 'rcode-text', tabindex: '0' }, h('code', {}, text)),
    h('div', { class: 'actions' }, dl));
}

/** Transplant as a time-dependent exposure (column `col`, a date): the naive ever/never
 * comparison (biased), the Mantel-Byar test and Simon-Makuch curves on the follow-up split at
 * the transplant (tmerge), and landmark analyses at `landmarks` (years). */
export function transplantRCode(s, ep, col, landmarks, within = '') {
  const lines = [...header(s, `Transplant (time-dependent), ${ep.toUpperCase()}`, ['survival']), ...endpointLines(s, ep), '',
    '# Transplant: years from diagnosis to the transplant date (NA = never transplanted).',
    `d$hsct_time <- (parse_day(d[[${q(col)}]], date_order[${q(col)}]) - D) / 365.25`,
    'd$time <- time; d$status <- status; d$id <- seq_len(nrow(d))'];
  if (s.risk) lines.push(...riskGroupLines(s.risk.protocol, s.risk.name), 'd$rg <- rg$risk_group');
  if (within && s.risk) lines.push(`d <- subset(d, rg %in% ${q(within)})  # risk group ${within} only`);
  const ci = `conf.type = ${q(s.confType)}, conf.int = ${s.confLevel}`;
  lines.push('d <- subset(d, !is.na(time) & !is.na(status))', `at <- ${timesIn(s)}  # the chosen times, in years`, '',
    '# 1. Naive comparison - BIASED (immortal time): ever against never transplanted, from diagnosis.',
    'naive <- survdiff(Surv(time, status) ~ !is.na(hsct_time), data = d)',
    'naive  # observed / expected',
    'pchisq(naive$chisq, 1, lower.tail = FALSE)  # naive log-rank p',
    `summary(survfit(Surv(time, status) ~ !is.na(hsct_time), data = d, ${ci}), times = at)`, '',
    '# 2. Follow-up split at the transplant: not transplanted before, transplanted after',
    '#    (tmerge refuses a follow-up time of 0, so those rows are left out, as the page does).',
    'd0 <- subset(d, time > 0)',
    'td <- tmerge(d0, d0, id = id, ev = event(time, status), trans = tdc(hsct_time))',
    '# Mantel-Byar test: at each event time, observed - expected transplanted events and the',
    '# hypergeometric variance over the (tstart, tstop] risk set (survdiff does not take such data;',
    '# it equals the score test of coxph(..., ties = "exact"), which is very slow with tied times).',
    'mantel_byar <- function(td, st = rep(1, nrow(td))) {',
    '  o_e <- 0; v <- 0',
    '  for (s in unique(st)) for (t in sort(unique(td$tstop[st == s & td$ev == 1]))) {',
    '    r <- st == s & td$tstart < t & td$tstop >= t; e <- r & td$tstop == t & td$ev == 1',
    '    n <- sum(r); n1 <- sum(r & td$trans == 1); dd <- sum(e)',
    '    o_e <- o_e + sum(e & td$trans == 1) - dd * n1 / n',
    '    if (n > 1) v <- v + dd * (n1 / n) * (1 - n1 / n) * (n - dd) / (n - 1)',
    '  }',
    '  c(chisq = o_e^2 / v, df = 1, p = pchisq(o_e^2 / v, 1, lower.tail = FALSE))',
    '}',
    'mantel_byar(td)  # Mantel-Byar chi-square, df, p',
    '# Hazard ratio of transplant as a time-dependent covariate (Efron ties, as the page).',
    `summary(coxph(Surv(tstart, tstop, ev) ~ trans, data = td), conf.int = ${s.confLevel})`);
  if (s.risk && !within) lines.push('mantel_byar(td, td$rg)  # within risk groups');
  lines.push('# Simon-Makuch curves (number at risk changes as patients are transplanted).',
    `sm <- survfit(Surv(tstart, tstop, ev) ~ trans, data = td, ${ci})`,
    'summary(sm, times = at)', '',
    '# 3. Landmark analyses: patients still in follow-up at L, grouped by transplant by L, time from L.',
    `for (L in ${vec(landmarks.map(rNum))}) {`,
    '  dl <- subset(d, time > L)',
    '  dl$exposed <- !is.na(dl$hsct_time) & dl$hsct_time <= L',
    '  dl$time <- dl$time - L',
    '  print(table(exposed = dl$exposed))  # n per group',
    `  print(summary(survfit(Surv(time, status) ~ exposed, data = dl, conf.int = ${s.confLevel}), times = at))`,
    '  if (length(unique(dl$exposed)) > 1) {',
    '    lr <- survdiff(Surv(time, status) ~ exposed, data = dl)',
    '    print(pchisq(lr$chisq, 1, lower.tail = FALSE))  # landmark log-rank p',
    '  }',
    '}');
  return `${lines.join('\n')}\n`;
}

/** The one-sample log-rank test against the published curve typed on the page. */
export function referenceRCode(s, c) {
  const key = c.ep === 'columns' ? 'columns' : c.ep;
  const lines = [...header(s, 'Comparison with a published curve', ['survival']), ...dataLines({ ...s, group: '', protocol: null }, key)];
  if (c.within && s.risk) {
    lines.push(...riskGroupLines(s.risk.protocol, s.risk.name),
      `sel <- !is.na(rg$risk_group) & rg$risk_group == ${q(c.within)}  # risk group ${c.within} only`,
      'time <- time[sel]; status <- status[sel]');
  }
  const scaled = (t) => `${rNum(t)}${s.scale !== 1 ? ` * ${rNum(s.scale)}` : ''}`;
  lines.push('', '# The published curve as typed (survival as a proportion); S(0) = 1.',
    `ref <- data.frame(time = ${vec(c.time.map(scaled))}, surv = ${vec(c.surv.map(rNum))})`,
    '# Cumulative hazard -log S, linear between the points (a constant hazard between them).',
    c.time[0] === 0 ? 'H <- approxfun(ref$time, -log(ref$surv))' : 'H <- approxfun(c(0, ref$time), c(0, -log(ref$surv)))',
    'tau <- max(ref$time)  # follow-up is cut at the last point: the curve says nothing after it',
    'ok <- !is.na(time) & !is.na(status)',
    'ev <- Surv(time[ok], status[ok])[, "status"]',
    'tt <- pmin(time[ok], tau)',
    'ee <- ev == 1 & time[ok] <= tau',
    'fit <- survdiff(Surv(tt, ee) ~ offset(exp(-H(tt))))  # the offset is each patient\'s expected survival',
    'fit  # observed, expected, chi-square on 1 df',
    'c(O = fit$obs, E = fit$exp, p = pchisq(fit$chisq, 1, lower.tail = FALSE))',
    '',
    '# This cohort at the chosen times (extend = TRUE: R stops past the curve\'s end; the page shows none there)',
    `km <- survfit(Surv(time[ok], ev) ~ 1, conf.type = ${q(s.confType)}, conf.int = ${s.confLevel})`,
    `summary(km, times = ${timesIn(s)}, extend = TRUE)`,
    `exp(-H(pmin(${timesIn(s)}, tau)))  # the published curve there (NA past its last point in the page)`);
  return `${lines.join('\n')}\n`;
}
