/** @type {import('next').NextConfig} */
const nextConfig = {
  // `next dev` on 127.0.0.1 refuses HMR without this, and the page never hydrates.
  allowedDevOrigins: ["127.0.0.1", "localhost"],
  serverExternalPackages: [
    "node-pty",
    "better-sqlite3",
    "@xterm/headless",
    "@xterm/addon-serialize",
    "web-tree-sitter",
    "tree-sitter-bash",
  ],
  poweredByHeader: false,
};

export default nextConfig;
