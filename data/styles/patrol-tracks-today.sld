<?xml version="1.0" encoding="UTF-8"?>
<!-- Yiwang style "patrol-tracks-today" (今日巡查轨迹): each worker's track of the day as a green
     line, the colour of a worker inside their own grid in the console's live positions. SLD 1.0.0. -->
<StyledLayerDescriptor version="1.0.0"
    xmlns="http://www.opengis.net/sld" xmlns:ogc="http://www.opengis.net/ogc"
    xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xsi:schemaLocation="http://www.opengis.net/sld http://schemas.opengis.net/sld/1.0.0/StyledLayerDescriptor.xsd">
  <NamedLayer>
    <Name>patrol_tracks_today</Name>
    <UserStyle>
      <Title>今日巡查轨迹</Title>
      <FeatureTypeStyle>
        <Rule>
          <Name>track</Name>
          <Title>巡查轨迹</Title>
          <LineSymbolizer>
            <Stroke>
              <CssParameter name="stroke">#27ae60</CssParameter>
              <CssParameter name="stroke-width">2</CssParameter>
              <CssParameter name="stroke-opacity">0.85</CssParameter>
              <CssParameter name="stroke-linejoin">round</CssParameter>
            </Stroke>
          </LineSymbolizer>
        </Rule>
      </FeatureTypeStyle>
    </UserStyle>
  </NamedLayer>
</StyledLayerDescriptor>
