using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace SupplyTracker.Pages;

/// <summary>
/// A form without errors renders no validation summary at all. ASP.NET's own summary writes a placeholder
/// <c>&lt;li style="display:none"&gt;</c> for client-side validation we do not use, and that inline style is refused by our
/// Content-Security-Policy (style-src 'self'). Runs after the built-in tag helper (Order -1000).
/// </summary>
[HtmlTargetElement("div", Attributes = "asp-validation-summary")]
public sealed class QuietValidationSummaryTagHelper : TagHelper
{
    public override int Order => 1000;

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (ViewContext.ViewData.ModelState.ErrorCount == 0) output.SuppressOutput();
    }
}
