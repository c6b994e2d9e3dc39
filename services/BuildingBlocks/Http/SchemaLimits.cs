using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.RegularExpressions;
using Kechuang.BuildingBlocks.Domain;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Kechuang.BuildingBlocks.Http;

/// <summary>
/// The most characters a request's text field holds, written on the request record so that
/// ASP.NET Core's OpenAPI states it as the property's <c>maxLength</c>; the validator checks the
/// same constant (<see cref="Validator.Text"/>, <see cref="Validator.OptionalText"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class MaxCharsAttribute(int length) : MaxLengthAttribute(length);

/// <summary>The most items a request's list holds, stated as its <c>maxItems</c> (<see cref="Validator.AtMost{T}"/>).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class MaxItemsAttribute(int count) : MaxLengthAttribute(count);

/// <summary>
/// The shape a request's text must have, stated as its <c>pattern</c>: the validator's own
/// regular expression (a phone number, a username), so the two cannot differ.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class MatchesAttribute(string pattern) : RegularExpressionAttribute(pattern);

/// <summary>A request's whole number's range, stated as its <c>minimum</c> and <c>maximum</c> (<see cref="Validator.Range"/>).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class BetweenAttribute(int minimum, int maximum) : RangeAttribute(minimum, maximum);

/// <summary>The most characters each string of a request's list holds, stated as its items' <c>maxLength</c>.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class ItemMaxCharsAttribute(int length) : Attribute
{
    public int Length => length;
}

/// <summary>The shared vocabularies of <see cref="Vocabulary"/> a request field's value (or each item of its list) comes from.</summary>
public enum VocabularyKind { Province, Topic, Grade }

/// <summary>
/// A request field (or each item of its list) the validator checks against a list of words:
/// stated as a <c>pattern</c> of the words (an enum would turn the typed client's strings into
/// enum types) and a <c>maxLength</c> of the longest, and a list at most as many items as there
/// are words (what the validators allow).
/// The list is one of <see cref="VocabularyKind"/>, or a static list field or property of
/// <c>holder</c> (<see cref="Roles.All"/>, the gateway's event types).
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class InVocabularyAttribute : Attribute
{
    private readonly Func<IReadOnlyList<string>> _words;

    public InVocabularyAttribute(VocabularyKind kind) => _words = kind switch
    {
        VocabularyKind.Province => () => Vocabulary.Provinces,
        VocabularyKind.Topic => () => Vocabulary.Topics,
        _ => () => Vocabulary.Grades,
    };

    public InVocabularyAttribute(Type holder, string list)
    {
        const BindingFlags Static = BindingFlags.Public | BindingFlags.Static;
        var member = (MemberInfo?)holder.GetField(list, Static) ?? holder.GetProperty(list, Static)
            ?? throw new ArgumentException($"{holder.Name} has no public static {list}.", nameof(list));
        _words = () => (IReadOnlyList<string>)(member is FieldInfo field ? field.GetValue(null) : ((PropertyInfo)member).GetValue(null))!;
    }

    public IReadOnlyList<string> Words => _words();
}

/// <summary>Writes <see cref="ItemMaxCharsAttribute"/> and <see cref="InVocabularyAttribute"/> into the request schemas.</summary>
public static class SchemaLimits
{
    public static Task StateAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        if (context.JsonPropertyInfo?.AttributeProvider is not { } property) return Task.CompletedTask;
        var isList = schema.Type is { } type && type.HasFlag(JsonSchemaType.Array);
        var item = isList ? schema.Items as OpenApiSchema : null;
        if (property.GetCustomAttributes(typeof(ItemMaxCharsAttribute), false) is [ItemMaxCharsAttribute chars] && item is not null)
            item.MaxLength = chars.Length;
        if (property.GetCustomAttributes(typeof(InVocabularyAttribute), false) is [InVocabularyAttribute vocabulary])
        {
            var words = vocabulary.Words;
            var target = isList ? item : schema;
            if (isList) schema.MaxItems = words.Count;
            if (target is not null)
            {
                target.Pattern = "^(?:" + string.Join("|", words.Select(Regex.Escape)) + ")$";
                target.MaxLength = words.Max(Vocabulary.CharacterCount);
            }
        }
        return Task.CompletedTask;
    }
}
