extension Duration {
    /// The duration in seconds, as a Double (for reports, limits and offsets).
    public var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
