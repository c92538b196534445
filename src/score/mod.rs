//! Attainment engine: polarity, attainment per indicator, roll-ups.
