using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace Kechuang.Dashboard.Localization;

/// <summary>Chinese first (zh-CN), English on request; the choice is kept in the culture cookie.</summary>
public static class UiCulture
{
    public const string Default = "zh-CN";
    public const string English = "en";
    public static readonly string[] Supported = [Default, English];

    public static RequestLocalizationOptions Options()
    {
        var options = new RequestLocalizationOptions()
            .SetDefaultCulture(Default)
            .AddSupportedCultures(Supported)
            .AddSupportedUICultures(Supported);
        // Only the cookie decides: a browser's Accept-Language does not switch a Chinese-first tool.
        options.RequestCultureProviders = [new CookieRequestCultureProvider()];
        return options;
    }

    public static bool IsEnglish(CultureInfo culture) => culture.TwoLetterISOLanguageName == "en";
}
