/**
 * City components (部件): cameras with their video-AI alarm kinds, fire hydrants, manhole covers,
 * street lights and e-bike charging points as point layers with a status, each linked to the micro
 * grid holding it and re-linked when micro grid boundaries change; GeoJSON and CSV imports (all or
 * nothing), generated demo data, and the check that a case names a component near its location.
 */
package cn.yiwang.component;
