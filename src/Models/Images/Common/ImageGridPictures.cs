using SpeechDisentangle.Plots;

namespace SpeechDisentangle.Models.Images.Common;

/// <summary>Draws the models' image grids with the shared plotting code.</summary>
public static class ImageGridPictures
{
    public static void Save(string path, ImageGridData grid, string title, IReadOnlyList<string>? rowLabels = null)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ImageGrid.Save(path, grid.Pixels, grid.Rows * grid.Columns, 1, grid.Height, grid.Width,
            new ImageGridOptions { Columns = grid.Columns, Title = title, RowLabels = rowLabels, Scale = 3 });
    }
}
