#!/usr/bin/env Rscript
# metafor-reference.R: the reference numbers for evidence's meta-analysis
# (src/effect.c, src/meta.c, src/bias.c), computed by R's metafor.
#
#   Rscript tests/tools/metafor-reference.R [DIR]     (default tests/data/meta)
#
# writes DIR/NAME.csv, data sets that ship with metafor in the columns the
# unit test reads, and DIR/expected/NAME.tsv, one "key<TAB>value" line per
# number metafor gives for them. tests/unit/test_meta_ref.c recomputes
# every key and checks it to 1e-6 relative; tests/cli/metafor.bats re-runs
# this script and diffs its output with the committed files, so that the
# numbers stay R's.
#
# metafor finds Paule-Mandel tau^2 and the Q-profile bounds with uniroot()
# and REML by Fisher scoring, to loose default tolerances (about 1e-4 and
# 1e-5 in tau^2); evidence solves to machine precision, so the models here
# are fitted with a tight control (tol, threshold) and a tau2.max high
# enough that no Q-profile bound is cut off at metafor's search limit.
# Numbers are written with 12 significant digits, which is past the
# test's tolerance and short of the last bits that BLAS and R versions
# change.
suppressMessages(library(metafor))
stopifnot(packageVersion("metafor") >= "3.8")

args <- commandArgs(trailingOnly = TRUE)
out <- if (length(args) >= 1) args[1] else "tests/data/meta"
dir.create(file.path(out, "expected"), recursive = TRUE, showWarnings = FALSE)

ctl <- list(tol = 1e-12, threshold = 1e-12, maxiter = 10000, tau2.max = 1e6)
qctl <- list(tol = 1e-12, tau2.max = 1e6)
methods <- c(DL = "dl", REML = "reml", PM = "pm", FE = "fe")
tests <- c(z = "z", knha = "hksj")

fmt <- function(x) ifelse(is.na(x), "NaN", formatC(x, digits = 12, format = "g"))
lines <- character(0)
put <- function(key, x) lines <<- c(lines, paste0(key, "\t", fmt(x)))
flush <- function(name) {
	writeLines(lines, file.path(out, "expected", paste0(name, ".tsv")))
	lines <<- character(0)
}
csv <- function(df, name) write.csv(df, file.path(out, paste0(name, ".csv")), row.names = FALSE, quote = FALSE)

# Every number of one model, under evidence's names. The z prediction
# interval is metafor's predict(); the t(k-2) one (Cochrane Handbook
# 10.10.4.3) is predict(pi.type = "riley"). Under knha, metafor's default
# predict() uses t(k-1), which evidence does not offer, so there the z
# interval is computed from metafor's se and tau2. A fixed-effect model's
# prediction intervals are its CI.
pool <- function(prefix, yi, vi, m, t) {
	r <- rma(yi, vi, method = m, test = t, control = ctl)
	k <- r$k
	p <- paste0(prefix, ".", methods[[m]], ".", tests[[t]], ".")
	put(paste0(p, "k"), k)
	put(paste0(p, "estimate"), r$b[1])
	put(paste0(p, "se"), r$se)
	put(paste0(p, "ci_low"), r$ci.lb)
	put(paste0(p, "ci_high"), r$ci.ub)
	put(paste0(p, "tau2"), r$tau2)
	put(paste0(p, "i2"), r$I2)
	put(paste0(p, "h2"), r$H2)
	put(paste0(p, "q"), r$QE)
	put(paste0(p, "q_p"), r$QEp)
	put(paste0(p, "stat"), r$zval) # the t statistic under knha
	put(paste0(p, "stat_p"), r$pval)
	pse <- sqrt(r$se^2 + r$tau2)
	if (m == "FE") {
		# No between-study variance: a new study's effect is the common
		# effect, and both prediction intervals are the CI (metafor's
		# predict() gives none for a fixed-effect model).
		for (w in c("pi_low", "pi_t_low")) put(paste0(p, w), r$ci.lb)
		for (w in c("pi_high", "pi_t_high")) put(paste0(p, w), r$ci.ub)
	} else {
		if (t == "z") {
			pr <- predict(r)
			put(paste0(p, "pi_low"), pr$pi.lb)
			put(paste0(p, "pi_high"), pr$pi.ub)
		} else {
			put(paste0(p, "pi_low"), r$b[1] - qnorm(0.975) * pse)
			put(paste0(p, "pi_high"), r$b[1] + qnorm(0.975) * pse)
		}
		# predict()'s pi.type = "riley" (metafor >= 3.8) is mu +- t(k-2)
		# sqrt(se^2 + tau2) with the model's se; it would use t(1) for
		# k = 2, where the Handbook's interval (and evidence's) does not
		# exist.
		ri <- if (k >= 3) predict(r, pi.type = "riley") else list(pi.lb = NA, pi.ub = NA)
		put(paste0(p, "pi_t_low"), ri$pi.lb)
		put(paste0(p, "pi_t_high"), ri$pi.ub)
	}
	if (m != "FE" && k > 1) {
		ci <- confint(r, control = qctl)$random
		put(paste0(p, "tau2_lo"), ci["tau^2", "ci.lb"])
		put(paste0(p, "tau2_hi"), ci["tau^2", "ci.ub"])
		put(paste0(p, "i2_lo"), ci["I^2(%)", "ci.lb"])
		put(paste0(p, "i2_hi"), ci["I^2(%)", "ci.ub"])
		put(paste0(p, "h2_lo"), ci["H^2", "ci.lb"])
		put(paste0(p, "h2_hi"), ci["H^2", "ci.ub"])
	}
	invisible(r)
}

pool_all <- function(prefix, yi, vi) {
	for (m in names(methods)) for (t in names(tests)) suppressWarnings(pool(prefix, yi, vi, m, t))
}

# leave1out() and cumul() of one model, in the data's order.
sensitivity <- function(prefix, yi, vi, m, t) {
	r <- rma(yi, vi, method = m, test = t, control = ctl)
	p <- paste0(prefix, ".", methods[[m]], ".", tests[[t]], ".")
	l <- leave1out(r)
	for (i in seq_along(l$estimate)) {
		q <- paste0("l1o.", p, i, ".")
		put(paste0(q, "estimate"), l$estimate[i])
		put(paste0(q, "se"), l$se[i])
		put(paste0(q, "ci_low"), l$ci.lb[i])
		put(paste0(q, "ci_high"), l$ci.ub[i])
		put(paste0(q, "stat"), if (is.null(l$tval)) l$zval[i] else l$tval[i])
		put(paste0(q, "stat_p"), l$pval[i])
		put(paste0(q, "q"), l$Q[i])
		put(paste0(q, "q_p"), l$Qp[i])
		put(paste0(q, "tau2"), l$tau2[i])
		put(paste0(q, "i2"), l$I2[i])
		put(paste0(q, "h2"), l$H2[i])
	}
	cu <- cumul(r)
	for (i in seq_along(cu$estimate)) {
		q <- paste0("cumul.", p, i, ".")
		put(paste0(q, "estimate"), cu$estimate[i])
		put(paste0(q, "se"), cu$se[i])
		put(paste0(q, "ci_low"), cu$ci.lb[i])
		put(paste0(q, "ci_high"), cu$ci.ub[i])
		put(paste0(q, "stat_p"), cu$pval[i])
		put(paste0(q, "q"), cu$Q[i])
		put(paste0(q, "tau2"), cu$tau2[i])
		put(paste0(q, "i2"), cu$I2[i])
	}
}

# Subgroups as RevMan analyses them: each pooled on its own (own tau2),
# then a fixed-effect Q of the subgroup estimates with their SEs.
subgroups <- function(prefix, yi, vi, g, m) {
	p <- paste0("sub.", prefix, ".", methods[[m]], ".")
	est <- se <- numeric(0)
	for (lv in sort(unique(g))) {
		r <- rma(yi[g == lv], vi[g == lv], method = m, control = ctl)
		put(paste0(p, lv, ".k"), r$k)
		put(paste0(p, lv, ".estimate"), r$b[1])
		put(paste0(p, lv, ".se"), r$se)
		put(paste0(p, lv, ".tau2"), r$tau2)
		est <- c(est, r$b[1])
		se <- c(se, r$se)
	}
	f <- rma(est, sei = se, method = "FE")
	put(paste0(p, "q"), f$QE)
	put(paste0(p, "df"), f$k - 1)
	put(paste0(p, "p"), f$QEp)
}

egger <- function(prefix, yi, vi) {
	e <- regtest(yi, vi, model = "lm")
	p <- paste0("egger.", prefix, ".")
	put(paste0(p, "intercept"), coef(summary(e$fit))[2, 1])
	put(paste0(p, "se"), coef(summary(e$fit))[2, 2])
	put(paste0(p, "stat"), e$zval)
	put(paste0(p, "p"), e$pval)
	put(paste0(p, "df"), e$dfs)
	put(paste0(p, "limit"), e$est)
	put(paste0(p, "limit_lo"), e$ci.lb)
	put(paste0(p, "limit_hi"), e$ci.ub)
}

trimfill_ref <- function(prefix, yi, vi, m) {
	r <- rma(yi, vi, method = m, control = ctl)
	tf <- suppressWarnings(trimfill(r, control = ctl))
	p <- paste0("tf.", prefix, ".", methods[[m]], ".")
	put(paste0(p, "k0"), tf$k0)
	put(paste0(p, "se_k0"), tf$se.k0)
	put(paste0(p, "side"), if (tf$side == "left") -1 else 1)
	put(paste0(p, "estimate"), tf$b[1])
	put(paste0(p, "se"), tf$se)
	put(paste0(p, "ci_low"), tf$ci.lb)
	put(paste0(p, "ci_high"), tf$ci.ub)
	put(paste0(p, "tau2"), tf$tau2)
	put(paste0(p, "q"), tf$QE)
	if (tf$k0 > 0) {
		filled <- tf$yi[tf$fill]
		for (j in seq_along(filled)) put(paste0(p, "fill.", j), filled[j])
	}
}

# Effect sizes from counts: escalc's defaults (0.5 added to every cell of
# a study with a zero cell, double-zero studies kept).
counts <- function(name, d) {
	csv(d, name)
	for (ms in c("RR", "OR", "RD")) {
		e <- escalc(ms, ai = d$ai, n1i = d$n1i, ci = d$ci, n2i = d$n2i)
		for (i in seq_len(nrow(d))) {
			put(paste0("escalc.", ms, ".yi.", i), e$yi[i])
			put(paste0("escalc.", ms, ".vi.", i), e$vi[i])
		}
	}
}
# RR and OR leave out studies with no events (or only events) in both
# arms, as RevMan does; RD pools them.
estimable <- function(d) !((d$ai == 0 & d$ci == 0) | (d$ai == d$n1i & d$ci == d$n2i))

# dat.bcg: 13 BCG vaccine trials (Colditz et al. 1994), by year for the
# cumulative analysis; alloc (1 random, 2 alternate, 3 systematic) for
# subgroups.
b <- dat.bcg[order(dat.bcg$year), ]
bcg <- data.frame(ai = b$tpos, n1i = b$tpos + b$tneg, ci = b$cpos, n2i = b$cpos + b$cneg, year = b$year,
		  group = as.integer(factor(b$alloc, levels = c("random", "alternate", "systematic"))))
counts("bcg", bcg)
e <- escalc("RR", ai = ai, n1i = n1i, ci = ci, n2i = n2i, data = bcg)
pool_all("RR", e$yi, e$vi)
for (m in c("DL", "REML")) sensitivity("RR", e$yi, e$vi, m, "z")
sensitivity("RR", e$yi, e$vi, "PM", "knha")
for (m in c("DL", "REML", "FE")) subgroups("RR", e$yi, e$vi, bcg$group, m)
egger("RR", e$yi, e$vi)
for (m in c("DL", "REML", "PM", "FE")) trimfill_ref("RR", e$yi, e$vi, m)
for (ms in c("OR", "RD")) {
	e <- escalc(ms, ai = ai, n1i = n1i, ci = ci, n2i = n2i, data = bcg)
	pool_all(ms, e$yi, e$vi)
}
flush("bcg")

# dat.colditz1994: the same trials as Colditz et al. tabulated them, in
# their own order; OR and RD with subgroups and trim-and-fill.
cd <- dat.colditz1994
col <- data.frame(ai = cd$tpos, n1i = cd$tpos + cd$tneg, ci = cd$cpos, n2i = cd$cpos + cd$cneg,
		  group = as.integer(factor(cd$alloc, levels = c("random", "alternate", "systematic"))))
counts("colditz1994", col)
for (ms in c("OR", "RD")) {
	e <- escalc(ms, ai = ai, n1i = n1i, ci = ci, n2i = n2i, data = col)
	for (m in c("DL", "REML")) subgroups(ms, e$yi, e$vi, col$group, m)
	egger(ms, e$yi, e$vi)
	trimfill_ref(ms, e$yi, e$vi, "DL")
	sensitivity(ms, e$yi, e$vi, "DL", "z")
}
flush("colditz1994")

# dat.yusuf1985, table 6: beta blockers, 21 trials, one with a single zero
# cell and three with no events in either arm.
y6 <- dat.yusuf1985[!is.na(dat.yusuf1985$ai) & dat.yusuf1985$table == "6", ]
zero <- data.frame(ai = y6$ai, n1i = y6$n1i, ci = y6$ci, n2i = y6$n2i)
counts("yusuf1985", zero)
for (ms in c("RR", "OR", "RD")) {
	e <- escalc(ms, ai = ai, n1i = n1i, ci = ci, n2i = n2i, data = zero)
	keep <- if (ms == "RD") rep(TRUE, nrow(zero)) else estimable(zero)
	pool_all(ms, e$yi[keep], e$vi[keep])
}
flush("yusuf1985")

# dat.normand1999: 9 trials of stroke units, length of stay: MD and SMD
# (Hedges' g, vtype "LS").
n <- dat.normand1999
nd <- data.frame(m1i = n$m1i, sd1i = n$sd1i, n1i = n$n1i, m2i = n$m2i, sd2i = n$sd2i, n2i = n$n2i)
csv(nd, "normand1999")
for (ms in c("MD", "SMD")) {
	e <- escalc(ms, m1i = m1i, sd1i = sd1i, n1i = n1i, m2i = m2i, sd2i = sd2i, n2i = n2i, data = nd)
	for (i in seq_len(nrow(nd))) {
		put(paste0("escalc.", ms, ".yi.", i), e$yi[i])
		put(paste0("escalc.", ms, ".vi.", i), e$vi[i])
	}
	pool_all(ms, e$yi, e$vi)
}
flush("normand1999")

# dat.hackshaw1998: 37 studies of passive smoking and lung cancer, log odds
# ratios as published.
h <- dat.hackshaw1998
csv(data.frame(yi = h$yi, vi = h$vi), "hackshaw1998")
pool_all("y", h$yi, h$vi)
sensitivity("y", h$yi, h$vi, "DL", "z")
sensitivity("y", h$yi, h$vi, "REML", "knha")
egger("y", h$yi, h$vi)
for (m in c("DL", "REML")) trimfill_ref("y", h$yi, h$vi, m)
flush("hackshaw1998")

# dat.bangertdrowns2004: 48 studies of writing-to-learn, SMDs; the
# classic regtest and trimfill example; subgroups by grade level.
bd <- dat.bangertdrowns2004
csv(data.frame(yi = bd$yi, vi = bd$vi, group = bd$grade), "bangertdrowns2004")
pool_all("y", bd$yi, bd$vi)
egger("y", bd$yi, bd$vi)
for (m in c("DL", "REML", "PM", "FE")) trimfill_ref("y", bd$yi, bd$vi, m)
for (m in c("DL", "REML", "PM")) subgroups("y", bd$yi, bd$vi, bd$grade, m)
sensitivity("y", bd$yi, bd$vi, "REML", "z")
flush("bangertdrowns2004")
