//! Summary statistics of a batch of numbers: count, mean, spread, extremes and percentiles.
//!
//! `src/<package>/stats/reference.py` computes the same statistics in plain Python, with the same
//! arithmetic in the same order (it sorts where this selects, which picks the same values): the
//! service's property tests check both agree, so change them together.

use crate::EngineError;

/// What `summarize` reports about a batch.
///
/// With the `python` feature it is also a Python class: immutable, each field a read-only
/// attribute, so Python code reads `summary.mean` rather than a tuple's third item.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "python", pyo3::pyclass(frozen, get_all))]
pub struct Summary {
    /// How many values the batch holds.
    pub count: usize,
    /// The arithmetic mean.
    pub mean: f64,
    /// The population standard deviation (the spread around the mean, dividing by `count`).
    pub stddev: f64,
    /// The smallest value.
    pub minimum: f64,
    /// The largest value.
    pub maximum: f64,
    /// The requested percentiles, in the order they were asked for.
    pub percentiles: Vec<f64>,
}

/// Summarise `values`, with the `percentiles` (each in 0..=100) asked for.
///
/// # Errors
///
/// An empty batch, a NaN or infinite value, a percentile outside 0..=100, or values whose sum or
/// spread overflows a 64-bit float.
pub fn summarize(values: &[f64], percentiles: &[f64]) -> Result<Summary, EngineError> {
    if values.is_empty() {
        return Err(EngineError::Empty);
    }
    if let Some(index) = values.iter().position(|value| !value.is_finite()) {
        return Err(EngineError::NotFinite { index });
    }
    if let Some(&percentile) = percentiles
        .iter()
        .find(|percentile| !(0.0..=100.0).contains(*percentile))
    {
        return Err(EngineError::PercentileOutOfRange { percentile });
    }
    let (mean, variance) = mean_and_variance(values);
    if !mean.is_finite() || !variance.is_finite() {
        return Err(EngineError::Overflow);
    }
    let mut scratch = values.to_vec();
    Ok(Summary {
        count: values.len(),
        mean,
        stddev: variance.sqrt(),
        minimum: values.iter().copied().fold(f64::INFINITY, f64::min),
        maximum: values.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        percentiles: percentiles
            .iter()
            .map(|&percentile| percentile_of(&mut scratch, percentile))
            .collect(),
    })
}

/// The mean and the population variance, in two passes (steadier than a sum of squares).
#[allow(
    clippy::cast_precision_loss,
    reason = "a batch never nears 2^53 values"
)]
fn mean_and_variance(values: &[f64]) -> (f64, f64) {
    let count = values.len() as f64;
    let mut total = 0.0;
    for value in values {
        total += value;
    }
    let mean = total / count;
    let mut squares = 0.0;
    for value in values {
        let deviation = value - mean;
        squares += deviation * deviation;
    }
    (mean, squares / count)
}

/// The value at `percentile` of a non-empty batch: linear interpolation between the two closest
/// ranks, the default of `numpy.percentile` and `statistics.quantiles(method="inclusive")`.
///
/// Selecting the two ranks takes linear time where sorting the batch would not; it reorders
/// `values`, which stay the same multiset.
#[allow(
    clippy::cast_precision_loss,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "ranks are small, non-negative whole numbers once floored"
)]
fn percentile_of(values: &mut [f64], percentile: f64) -> f64 {
    let rank = percentile / 100.0 * (values.len() - 1) as f64;
    let lower = rank.floor();
    let (_, below, higher) = values.select_nth_unstable_by(lower as usize, f64::total_cmp);
    let below = *below;
    // The next rank up is the smallest of the values above the selected one.
    let above = if rank > lower {
        higher.iter().copied().fold(f64::INFINITY, f64::min)
    } else {
        below
    };
    below + (above - below) * (rank - lower)
}

#[cfg(test)]
#[allow(
    clippy::float_cmp,
    reason = "the expected values are exact: picked from the batch, or exactly representable"
)]
mod tests {
    use super::{EngineError, summarize};

    #[test]
    fn summarises_a_batch() {
        let summary = summarize(&[4.0, 1.0, 3.0, 2.0], &[0.0, 50.0, 100.0]).unwrap();

        assert_eq!(summary.count, 4);
        assert_eq!(summary.mean, 2.5);
        assert_eq!(summary.stddev, 1.25_f64.sqrt());
        assert_eq!((summary.minimum, summary.maximum), (1.0, 4.0));
        assert_eq!(summary.percentiles, vec![1.0, 2.5, 4.0]);
    }

    #[test]
    fn interpolates_between_ranks() {
        let values: Vec<f64> = (1..=11).map(f64::from).collect();

        let summary = summarize(&values, &[10.0, 25.0, 95.0]).unwrap();

        assert_eq!(summary.percentiles, vec![2.0, 3.5, 10.5]);
    }

    #[test]
    fn a_single_value_is_every_statistic() {
        let summary = summarize(&[-7.5], &[1.0, 99.0]).unwrap();

        assert_eq!(summary.count, 1);
        assert_eq!((summary.mean, summary.stddev), (-7.5, 0.0));
        assert_eq!((summary.minimum, summary.maximum), (-7.5, -7.5));
        assert_eq!(summary.percentiles, vec![-7.5, -7.5]);
    }

    #[test]
    fn selecting_ranks_finds_what_sorting_finds() {
        // A fixed pseudo-random batch (an LCG) of whole numbers below 1024, many repeated.
        let mut state: u64 = 42;
        let values: Vec<f64> = (0..501)
            .map(|_| {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                f64::from(u32::try_from(state >> 54).unwrap())
            })
            .collect();
        let mut sorted = values.clone();
        sorted.sort_unstable_by(f64::total_cmp);

        for step in 0..=200_u32 {
            let percentile = f64::from(step) / 2.0;
            // The two closest ranks, rank = percentile / 100 * 500, in whole numbers.
            let (lower, upper) = ((step * 5 / 2) as usize, (step * 5).div_ceil(2) as usize);
            let fraction = if lower == upper { 0.0 } else { 0.5 };
            let expected = sorted[lower] + (sorted[upper] - sorted[lower]) * fraction;

            let summary = summarize(&values, &[percentile]).unwrap();

            assert_eq!(
                summary.percentiles,
                vec![expected],
                "percentile {percentile}"
            );
        }
        let summary = summarize(&values, &[]).unwrap();
        assert_eq!((summary.minimum, summary.maximum), (sorted[0], sorted[500]));
    }

    #[test]
    fn the_order_of_the_values_does_not_matter() {
        let forward: Vec<f64> = (0..1000).map(|i| f64::from(i) * 0.37).collect();
        let backward: Vec<f64> = forward.iter().rev().copied().collect();

        let one = summarize(&forward, &[50.0, 90.0]).unwrap();
        let other = summarize(&backward, &[50.0, 90.0]).unwrap();

        assert_eq!(one.percentiles, other.percentiles);
        assert!((one.mean - other.mean).abs() < 1e-9);
    }

    #[test]
    fn refuses_an_empty_batch() {
        assert_eq!(summarize(&[], &[50.0]), Err(EngineError::Empty));
    }

    #[test]
    fn refuses_values_that_are_not_finite() {
        for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            assert_eq!(
                summarize(&[1.0, 2.0, bad], &[]),
                Err(EngineError::NotFinite { index: 2 })
            );
        }
    }

    #[test]
    fn refuses_percentiles_outside_0_to_100() {
        assert_eq!(
            summarize(&[1.0], &[50.0, 100.5]),
            Err(EngineError::PercentileOutOfRange { percentile: 100.5 })
        );
        assert!(matches!(
            summarize(&[1.0], &[f64::NAN]),
            Err(EngineError::PercentileOutOfRange { .. })
        ));
    }

    #[test]
    fn reports_overflow_instead_of_infinity() {
        assert_eq!(
            summarize(&[f64::MAX, f64::MAX], &[]),
            Err(EngineError::Overflow)
        );
        assert_eq!(summarize(&[-1e200, 1e200], &[]), Err(EngineError::Overflow));
    }
}
