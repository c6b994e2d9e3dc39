using System.Text;

namespace Kechuang.BuildingBlocks.Text;

/// <summary>
/// How searched text is matched (the resource catalogue first): folded (NFKC, lower case:
/// full-width ＡＩ finds ai) and indexed by character bigrams, so that any substring of two or more
/// characters — Chinese has no spaces to split words on — narrows a search through one GIN index
/// before an exact substring check.
/// </summary>
public static class SearchText
{
    public const int MinQueryLength = 2;
    public const int MaxQueryLength = 100;

    public static string Fold(string text)
    {
        try
        {
            text = text.Normalize(NormalizationForm.FormKC);
        }
        catch (ArgumentException)
        {
            // Invalid UTF-16 (a lone surrogate) cannot be normalised; it is matched as sent.
        }
        return text.ToLowerInvariant();
    }

    /// <summary>
    /// What a document searched by <see cref="SearchDocuments"/> is indexed by: the distinct
    /// characters and bigrams of each text, so that a one-character query has a gram too.
    /// </summary>
    public static string[] Grams(params string[] foldedTexts)
    {
        var grams = new HashSet<string>(Bigrams(foldedTexts), StringComparer.Ordinal);
        foreach (var text in foldedTexts)
            foreach (var rune in text.EnumerateRunes()) grams.Add(rune.ToString());
        return [.. grams.Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// The grams every text containing <paramref name="foldedQuery"/> has among its
    /// <see cref="Grams"/>: its bigrams, or its one character.
    /// </summary>
    public static string[] QueryGrams(string foldedQuery)
    {
        var bigrams = Bigrams(foldedQuery);
        return bigrams.Length > 0 ? bigrams : [.. foldedQuery.EnumerateRunes().Select(r => r.ToString())];
    }

    /// <summary>The distinct pairs of adjacent characters of each text; no pair spans two texts.</summary>
    public static string[] Bigrams(params string[] foldedTexts)
    {
        var grams = new HashSet<string>(StringComparer.Ordinal);
        foreach (var text in foldedTexts)
        {
            var previous = default(Rune?);
            foreach (var rune in text.EnumerateRunes())
            {
                if (previous is { } p) grams.Add(string.Concat(p.ToString(), rune.ToString()));
                previous = rune;
            }
        }
        return [.. grams.Order(StringComparer.Ordinal)];
    }
}
