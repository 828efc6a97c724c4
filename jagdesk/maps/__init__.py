"""Map pages and layers (folium and our JavaScript bridge), with no Qt."""
