namespace EdgeSearch.Core.Matching;

/// <summary>
/// The bar a defect label must clear, set apart from the good labels' bar. Calling a part a known defect rejects it
/// as surely as calling it <em>unknown</em> does, so a looser bar for defects costs no good part and lets no defect
/// pass: it only decides whether a rejected part is named or left for the operator to look at. Good parts' genuine
/// scores fix the good bar; defects, scratched and chipped each their own way, may spread wider around their
/// references.
/// </summary>
/// <param name="Value">Accept a defect label at this similarity or above; never stricter than the good bar.</param>
/// <param name="Good">Which labels are good; every other label is held to <paramref name="Value"/>.</param>
public sealed record DefectThreshold(float Value, GoodLabels Good);
