//! Italian values: numbers (`1.234,56`), percentages, dates, yes/no, placeholders.
