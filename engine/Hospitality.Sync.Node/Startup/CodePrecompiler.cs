using System.Reflection;
using System.Runtime.CompilerServices;

namespace Hospitality.Sync.Node.Startup;

/// <summary>
/// Compiles the node's own code before it serves (<c>Node:Precompile</c>): every method with a body of
/// the assemblies beside hotel-node that the shared framework does not precompile (ours and the SQLite
/// provider's), so the first write, merge or health probe runs as fast as the thousandth instead of
/// waiting for the JIT. Methods of open generic types and generic methods are left to their first call:
/// they have no one body to compile.
/// </summary>
internal static class CodePrecompiler
{
    private static readonly string[] Prefixes = ["Hospitality.", "Microsoft.Data.Sqlite", "SQLitePCLRaw."];

    /// <summary>Compiles what <paramref name="folder"/>'s assemblies hold; returns how many methods were compiled and how many could not be.</summary>
    public static (int Compiled, int Failed) Run(string folder)
    {
        var compiled = 0;
        var failed = 0;
        foreach (var file in Directory.EnumerateFiles(folder, "*.dll").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            if (!Prefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal)))
            {
                continue;
            }

            Type[] types;
            try
            {
                types = Assembly.Load(new AssemblyName(name)).GetTypes();
            }
            catch (Exception exception) when (exception is ReflectionTypeLoadException or FileNotFoundException or FileLoadException or BadImageFormatException)
            {
                types = exception is ReflectionTypeLoadException partial ? [.. partial.Types.OfType<Type>()] : [];
            }

            foreach (var type in types.Where(type => !type.ContainsGenericParameters))
            {
                foreach (var method in Bodies(type))
                {
                    try
                    {
                        RuntimeHelpers.PrepareMethod(method.MethodHandle);
                        compiled++;
                    }
                    catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or NotSupportedException or TypeLoadException or MissingMethodException or BadImageFormatException)
                    {
                        failed++;
                    }
                }
            }
        }

        return (compiled, failed);
    }

    private static IEnumerable<MethodBase> Bodies(Type type)
    {
        const BindingFlags declared = BindingFlags.DeclaredOnly | BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic;
        return type.GetMethods(declared).Cast<MethodBase>().Concat(type.GetConstructors(declared))
            .Where(method => !method.IsAbstract && !method.ContainsGenericParameters
                && (method.Attributes & MethodAttributes.PinvokeImpl) == 0
                && (method.MethodImplementationFlags & (MethodImplAttributes.InternalCall | MethodImplAttributes.Runtime)) == 0);
    }
}
