namespace SupplyTracker.Pages;

/// <summary>What Pages/Shared/_Review shows inside a form whose first post was answered with a review: the summary and the confirm button's words.</summary>
public sealed record ReviewPrompt(string Text, string ConfirmLabel, string BackUrl);
