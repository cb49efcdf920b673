package io.gmgw.crypto.selftest.randomness;

/**
 * The special functions the P-values need: the regularized upper incomplete gamma function Q(a, x) (SP 800-22's
 * igamc), the complementary error function erfc and the standard normal distribution Φ. Accurate to about 1e-14,
 * far below the 1e-6 to which SP 800-22 prints its example P-values.
 */
public final class Distributions {
    private static final double EPSILON = 1e-16;
    private static final double TINY = 1e-300;
    private static final int MAX_ITERATIONS = 100_000;
    /** Lanczos approximation of Γ with g = 7 and nine coefficients. */
    private static final double LANCZOS_G = 7;
    private static final double[] LANCZOS = {
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
        12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7};

    private Distributions() {
    }

    /** ln Γ(x) for x ≥ 0.5. */
    public static double lnGamma(double x) {
        if (!(x >= 0.5)) {
            throw new IllegalArgumentException("lnGamma needs x >= 0.5, got " + x);
        }
        double z = x - 1;
        double sum = LANCZOS[0];
        for (int i = 1; i < LANCZOS.length; i++) {
            sum += LANCZOS[i] / (z + i);
        }
        double t = z + LANCZOS_G + 0.5;
        return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
    }

    /**
     * Q(a, x) = Γ(a, x) / Γ(a), the upper tail of the χ² distribution with 2a degrees of freedom at 2x. Series for
     * P = 1 − Q when x &lt; a + 1, Lentz's continued fraction for Q otherwise.
     */
    public static double igamc(double a, double x) {
        if (!(a > 0) || !(x >= 0)) {
            throw new IllegalArgumentException("igamc needs a > 0 and x >= 0, got a = " + a + ", x = " + x);
        }
        if (x == 0) {
            return 1;
        }
        double logPrefix = -x + a * Math.log(x) - lnGamma(a);
        if (x < a + 1) {
            double term = 1 / a;
            double sum = term;
            for (int n = 1; n < MAX_ITERATIONS; n++) {
                term *= x / (a + n);
                sum += term;
                if (Math.abs(term) < Math.abs(sum) * EPSILON) {
                    break;
                }
            }
            return Math.max(0, 1 - sum * Math.exp(logPrefix));
        }
        double b = x + 1 - a;
        double c = 1 / TINY;
        double d = 1 / b;
        double h = d;
        for (int i = 1; i < MAX_ITERATIONS; i++) {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            if (Math.abs(d) < TINY) {
                d = TINY;
            }
            c = b + an / c;
            if (Math.abs(c) < TINY) {
                c = TINY;
            }
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < EPSILON) {
                break;
            }
        }
        return Math.exp(logPrefix) * h;
    }

    /** erfc(x) = Q(1/2, x²) for x ≥ 0, and 2 − erfc(−x) below. */
    public static double erfc(double x) {
        return x >= 0 ? igamc(0.5, x * x) : 2 - igamc(0.5, x * x);
    }

    /** Φ(z), the standard normal cumulative distribution function. */
    public static double normalCdf(double z) {
        return 0.5 * erfc(-z / Math.sqrt(2));
    }

    /** P(X ≥ c) for X ~ Binomial(n, p), summed exactly in doubles (n small). */
    public static double binomialUpperTail(int n, double p, int c) {
        double tail = 0;
        for (int k = Math.max(c, 0); k <= n; k++) {
            tail += Math.exp(lnGamma(n + 1) - lnGamma(k + 1) - lnGamma(n - k + 1)
                    + k * Math.log(p) + (n - k) * Math.log1p(-p));
        }
        return Math.min(1, tail);
    }
}
