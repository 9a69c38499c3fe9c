/* Foyer: placeholder translation unit for the subproject shims in
 * scripts/mediasoup/shims. mediasoup's meson.build expects some subproject
 * variables to be build targets (for link_whole); the real code comes from
 * Debian's libraries through the accompanying dependency objects. */
int FOYER_SHIM_SYMBOL = 0;
