/// Finds the most frequent content words and two-word phrases in news texts.
///
/// Texts are lower-cased and split into words (letters and digits, with apostrophes inside a word kept:
/// "don't"); words of one character, pure numbers and `StopWords.english` are dropped. A phrase is two content
/// words separated only by whitespace in the title or in the body (a stop word, punctuation or the end of the
/// title breaks the phrase).
public enum KeywordExtractor {
    /// The `top` most frequent words and phrases, ranked by count (descending), then alphabetically.
    /// Each carries the mean VADER compound of the texts it appears in and, for words, the lexicon valence.
    public static func extract(_ items: [NewsItem], scorer: SentimentScorer, top: Int) -> [Keyword] {
        struct Tally {
            var kind: Keyword.Kind
            var count = 0
            var documents = 0
            var polaritySum = 0.0
        }
        var tallies: [String: Tally] = [:]
        for item in items {
            // Title and body are tokenised apart so that no phrase spans the two.
            let words = contentRuns(item.title) + (item.body.map(contentRuns) ?? [])
            var seen = Set<String>()
            var terms: [(String, Keyword.Kind)] = []
            for run in words {
                for (i, word) in run.enumerated() {
                    terms.append((word, .word))
                    if i > 0 { terms.append((run[i - 1] + " " + word, .phrase)) }
                }
            }
            if terms.isEmpty { continue }
            let polarity = scorer.score(item.text).compound
            for (term, kind) in terms {
                tallies[term, default: Tally(kind: kind)].count += 1
                if seen.insert(term).inserted {
                    tallies[term]!.documents += 1
                    tallies[term]!.polaritySum += polarity
                }
            }
        }
        let ranked = tallies.sorted { a, b in a.value.count != b.value.count ? a.value.count > b.value.count : a.key < b.key }
        return ranked.prefix(max(0, top)).map { term, tally in
            Keyword(
                text: term, kind: tally.kind, count: tally.count, documents: tally.documents,
                meanPolarity: tally.polaritySum / Double(tally.documents),
                lexiconValence: tally.kind == .word ? scorer.lexicon.valences[term] : nil)
        }
    }

    /// The text's content words, in runs of words separated only by whitespace (a stop word, a dropped word
    /// or any punctuation ends a run).
    static func contentRuns(_ text: String) -> [[String]] {
        var runs: [[String]] = []
        var run: [String] = []
        func endRun() {
            if !run.isEmpty { runs.append(run); run = [] }
        }
        for (word, followsSpaceOnly) in words(text.lowercased()) {
            if !followsSpaceOnly { endRun() }
            if word.count < 2 || word.allSatisfy(\.isNumber) || StopWords.english.contains(word) {
                endRun()
            } else {
                run.append(word)
            }
        }
        endRun()
        return runs
    }

    /// Words (letters/digits with inner apostrophes) and whether only whitespace separates each from the last.
    private static func words(_ text: String) -> [(String, Bool)] {
        var result: [(String, Bool)] = []
        var current = ""
        var onlySpace = true
        func flush() {
            let word = current.trimmingApostrophes()
            if !word.isEmpty { result.append((word, onlySpace)) }
            current = ""
            onlySpace = true
        }
        for character in text {
            if character.isLetter || character.isNumber || character == "'" || character == "’" {
                current.append(character == "’" ? "'" : character)
            } else {
                if !current.isEmpty { flush() }
                if !character.isWhitespace { onlySpace = false }
            }
        }
        if !current.isEmpty { flush() }
        return result
    }
}

private extension String {
    func trimmingApostrophes() -> String {
        var slice = Substring(self)
        while slice.first == "'" { slice.removeFirst() }
        while slice.last == "'" { slice.removeLast() }
        return String(slice)
    }
}
