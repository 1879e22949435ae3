//! Why the engine refuses a batch: plain Rust errors, turned into Python ones only in `lib.rs`.

use std::fmt;

/// A batch the engine cannot summarise.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum EngineError {
    /// The batch holds no values.
    Empty,
    /// The value at `index` is NaN or infinite.
    NotFinite {
        /// Where the value is in the batch.
        index: usize,
    },
    /// A requested percentile is outside 0..=100 (or NaN).
    PercentileOutOfRange {
        /// The percentile asked for.
        percentile: f64,
    },
    /// The values are too large: their sum or spread does not fit in a 64-bit float.
    Overflow,
}

impl fmt::Display for EngineError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => write!(formatter, "there are no values"),
            Self::NotFinite { index } => {
                write!(formatter, "values[{index}] is not a finite number")
            }
            Self::PercentileOutOfRange { percentile } => {
                write!(
                    formatter,
                    "percentile {percentile} is not between 0 and 100"
                )
            }
            Self::Overflow => write!(
                formatter,
                "the values are too large (their sum or spread overflows)"
            ),
        }
    }
}

impl std::error::Error for EngineError {}

#[cfg(test)]
mod tests {
    use super::EngineError;

    #[test]
    fn messages_name_the_problem() {
        assert_eq!(EngineError::Empty.to_string(), "there are no values");
        assert_eq!(
            EngineError::NotFinite { index: 3 }.to_string(),
            "values[3] is not a finite number"
        );
        assert_eq!(
            EngineError::PercentileOutOfRange { percentile: 101.5 }.to_string(),
            "percentile 101.5 is not between 0 and 100"
        );
        assert_eq!(
            EngineError::Overflow.to_string(),
            "the values are too large (their sum or spread overflows)"
        );
    }
}
