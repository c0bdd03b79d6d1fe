/// An item with all the work that does not depend on the clusterer's state already done.
///
/// Nearly everything the clusterer needs from an item — canonical URL, headline words and
/// names, the body's lines, tokens, shingles and vector — depends on the item alone; only which
/// body lines are boilerplate depends on the stream seen so far. A `PreparedItem` is made on
/// any thread (`feedwatch cluster` prepares the next items on a second core while the
/// clusterer assigns the current ones) and reads the body as if no line were boilerplate;
/// `StoryClusterer.add` redoes only the body when some line is.
public struct PreparedItem: Sendable {
    public let item: NewsItem
    /// The configuration the features were computed with; another one recomputes them.
    public let configuration: ClusteringConfiguration
    var features: ItemFeatures
    var body: BodyLines

    public init(_ item: NewsItem, configuration: ClusteringConfiguration = ClusteringConfiguration()) {
        self.init(item, configuration: configuration, boilerplate: nil)
    }

    /// Prepared where the clusterer's boilerplate statistics are at hand (the daemon adds one
    /// item at a time): lines already known as boilerplate are dropped at once.
    init(_ item: NewsItem, configuration: ClusteringConfiguration, boilerplate: BoilerplateFilter?) {
        self.item = item
        self.configuration = configuration
        var f = ItemFeatures(headlineOf: item)
        body = BodyLines(text: item.text, source: TermHash.of(f.outlet), leadWords: configuration.leadWords,
                         titleEntities: f.titleEntities, boilerplate: boilerplate)
        f.lineKeys = body.keys
        f.setBody(body.assumingAllKept, configuration: configuration)
        features = f
    }

    /// The item's features once `boilerplate` has said which body lines to drop.
    func features(filteredBy boilerplate: BoilerplateFilter) -> ItemFeatures {
        let kept = body.candidates.filter { !boilerplate.isBoilerplate(body.keys[$0]) }
        guard kept.count != body.candidates.count else { return features }
        var f = features
        f.setBody(body.fold(kept: kept, leadWords: configuration.leadWords, titleEntities: f.titleEntities),
                  configuration: configuration)
        return f
    }
}
