/// A small English stop-word list for keyword extraction: articles, pronouns, auxiliaries, prepositions,
/// conjunctions and fillers, in lower case with and without apostrophes, plus the HTML-entity remnants
/// ("amp", "quot", "gt", "lt") common in scraped headlines and tweets.
public enum StopWords {
    public static let english: Set<String> = [
        "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are",
        "aren't", "arent", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both",
        "but", "by", "can", "can't", "cant", "could", "couldn't", "did", "didn't", "do", "does", "doesn't",
        "doing", "don't", "dont", "down", "during", "each", "even", "ever", "every", "few", "for", "from",
        "further", "get", "gets", "got", "had", "hadn't", "has", "hasn't", "have", "haven't", "having", "he",
        "he'd", "he'll", "he's", "her", "here", "here's", "hers", "herself", "him", "himself", "his", "how",
        "how's", "i", "i'd", "i'll", "i'm", "i've", "id", "if", "im", "in", "into", "is", "isn't", "it", "it's",
        "its", "itself", "ive", "just", "let's", "like", "me", "more", "most", "much", "must", "my", "myself",
        "no", "nor", "not", "now", "of", "off", "on", "once", "one", "only", "or", "other", "ought", "our",
        "ours", "ourselves", "out", "over", "own", "really", "same", "says", "said", "shan't", "she", "she'd",
        "she'll", "she's", "should", "shouldn't", "so", "some", "still", "such", "than", "that", "that's",
        "the", "their", "theirs", "them", "themselves", "then", "there", "there's", "these", "they", "they'd",
        "they'll", "they're", "they've", "this", "those", "through", "to", "too", "u", "under", "until", "up",
        "us", "very", "via", "was", "wasn't", "we", "we'd", "we'll", "we're", "we've", "were", "weren't",
        "what", "what's", "when", "when's", "where", "where's", "which", "while", "who", "who's", "whom", "why",
        "why's", "will", "with", "won't", "would", "wouldn't", "yet", "you", "you'd", "you'll", "you're",
        "you've", "your", "yours", "yourself", "yourselves", "amp", "quot", "gt", "lt", "rt", "http", "https",
        "www", "com",
    ]
}
