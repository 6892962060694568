"""reporter: drafts of the 法治政府建设年度报告 and next year's 工作要点 from YAML records."""
