namespace Gateway.Web.Routing;

/// <summary>
/// Holds the route table in force. Readers take the current reference without locking; a reload
/// builds a whole new table and swaps it in one write.
/// </summary>
public sealed class RouteTableSource(RouteTable initial)
{
    private volatile RouteTable _current = initial;

    public RouteTable Current => _current;

    public void Replace(RouteTable table) => _current = table;
}
