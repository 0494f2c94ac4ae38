namespace SupplyTracker;

/// <summary>Marker for the front end's one resource file per language (Resources/SharedResource.*.resx); keys are the English text.</summary>
public sealed class SharedResource;
