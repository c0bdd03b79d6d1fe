/// Recognises the walls pages put in front of a story — subscription paywalls, cookie-consent
/// walls, bot checks — from their wording and markup, so the article can be labelled honestly
/// and the notice itself is never printed as the story.
enum WallDetector {
    static let paywallPhrasesList = [
        "subscribe to continue reading", "subscribe to read", "subscribe now to continue", "subscribe to unlock",
        "this article is for subscribers", "this content is for subscribers", "exclusive to subscribers",
        "available to subscribers", "for subscribers only", "subscribers only", "already a subscriber",
        "already subscribed", "to continue reading", "continue reading with a subscription", "become a subscriber",
        "start your subscription", "to read the full article", "to read the full story", "read the full article",
        "create a free account to continue", "register to continue reading", "log in to continue reading",
        "sign in to continue reading", "you have reached your limit", "you've reached your limit",
        "you have read all your free articles", "free articles this month", "unlock this article",
        "premium content", "premium article", "subscribe for full access", "this is a premium",
    ]
    static let consentPhrasesList = [
        "we value your privacy", "before you continue", "we use cookies", "this site uses cookies",
        "this website uses cookies", "accept all cookies", "accept cookies", "cookie settings", "manage cookies",
        "manage preferences", "consent to the use", "your privacy choices", "privacy settings", "reject all",
        "accept all", "we and our partners", "cookie policy", "by continuing to use", "consent",
    ]
    static let botPhrasesList = [
        "just a moment", "checking your browser", "verify you are human", "verify you are a human",
        "are you a robot", "are you a human", "unusual traffic", "access denied", "access to this page has been denied",
        "attention required", "enable javascript and cookies", "please enable cookies", "captcha",
        "ddos protection", "request blocked", "pardon our interruption", "bot detection", "403 forbidden",
        "error 403", "you have been blocked",
    ]
    static let wallClassWordsList = ["paywall", "piano", "tp-modal", "regwall", "meter-", "subscriber-only", "premium-", "subscription-wall"]
    /// Class words of consent banners, and the names of the consent managers that mark up
    /// their banners with them.
    static let consentClassWordsList = ["cookie", "consent", "gdpr", "cmp-", "qc-cmp", "cmpbox", "onetrust", "didomi",
                                        "privacy-banner", "sp_message", "usercentrics", "truste"]

    static let paywallPhrases = WordSet(paywallPhrasesList)
    /// Consent wording that is specific enough to mark a short paragraph as a notice.
    static let consentPhrases = WordSet(Array(consentPhrasesList.prefix(18)))
    static let botPhrases = WordSet(botPhrasesList)
    static let wallClassWords = WordSet(wallClassWordsList)
    static let consentClassWords = WordSet(consentClassWordsList)

    /// Text a consent banner or dialog holds at most; a block with more is something else
    /// (a story about cookies in a container that happens to be named for them).
    static let maxConsentNoticeBytes = 3000

    /// Whether an element with consent markup is a notice: short, and worded like one.
    static func isConsentNotice(_ tree: WorkingTree, _ node: Int) -> Bool {
        guard let text = tree.textContent(node, maxBytes: maxConsentNoticeBytes) else { return false }
        return matches(text, consentPhrases)
    }

    /// A short paragraph that is a subscription notice (not a consent notice).
    static func isPaywallNotice(_ text: String) -> Bool {
        let bytes = text.utf8.count
        guard bytes < 440 else { return false }
        let characters = bytes < 220 ? bytes : text.count
        return characters < 220 && matches(text, paywallPhrases)
    }

    static func matches(_ text: String, _ phrases: WordSet) -> Bool {
        ClassPatterns.containsAny(text, phrases)
    }

    /// A short paragraph that is a paywall or consent notice, not article text. Phrases match
    /// regardless of ASCII case.
    static func isNotice(_ text: String) -> Bool {
        let bytes = text.utf8.count
        guard bytes < 440 else { return false }
        // Characters never outnumber bytes: a short text needs no counting.
        let characters = bytes < 160 ? bytes : text.count
        guard characters < 220 else { return false }
        return matches(text, paywallPhrases) || (characters < 160 && matches(text, consentPhrases))
    }
}
